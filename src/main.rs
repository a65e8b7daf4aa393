//! The `gongkai` command: parse arguments, run, exit with a meaningful code.

use clap::Parser;

/// mimalloc: a report's run makes tens of thousands of small allocations, and the system
/// allocators (glibc's, Windows') spend a sixth of a run on them and on returning pages.
#[global_allocator]
static ALLOC: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = gongkai::cli::Cli::parse();
    std::process::exit(gongkai::cli::run(cli));
}
