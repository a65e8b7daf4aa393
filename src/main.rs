//! The `gongkai` command: parse arguments, run, exit with a meaningful code.

use clap::Parser;

fn main() {
    let cli = match gongkai::cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let text = gongkai::cli::render_args_error(&e);
            if e.use_stderr() {
                eprint!("{text}");
            } else {
                print!("{text}");
            }
            std::process::exit(gongkai::cli::args_error_code(&e));
        }
    };
    std::process::exit(gongkai::cli::run(cli));
}
