//! Placeholder while the checks bench is written.
fn main() {}
