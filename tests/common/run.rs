//! Runs the gongkai binary the way a user does, in a folder of the test's, for the CLI tests.

use std::path::Path;
use std::process::{Command, Output};

/// `gongkai ARGS…` run in `dir`, its output captured.
pub fn gongkai(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gongkai"))
        .current_dir(dir)
        .args(args)
        .output()
        .expect("runs gongkai")
}
