//! Batches: many reports at once — find the inputs, plan safe output names, run in parallel,
//! summarise; plus `collect` (many reports → one data set), `merge` (many reports → one sum) and
//! `levels` (a parent report against the sum of its parts).
//!
//! The command line only parses arguments and prints; every decision lives here so that it can be
//! tested and reused.

pub mod collect;
pub mod csv;
pub mod dataset;
pub mod duplicates;
pub mod inputs;
pub mod levels;
pub mod merge;
pub mod output;
pub mod plan;
pub mod run;
pub mod skip;
pub mod summary;

pub use inputs::{Expansion, Input, expand};
pub use summary::{Summary, exit};
