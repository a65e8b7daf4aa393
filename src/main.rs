//! The `gongkai` command: parse arguments, run, exit with a meaningful code.

use clap::Parser;

fn main() {
    let cli = gongkai::cli::Cli::parse();
    std::process::exit(gongkai::cli::run(cli));
}
