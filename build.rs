//! Build script: the embedded standard definitions (`templates/gov-*.toml`) transcoded to JSON, so
//! each run of gongkai reads them with a JSON parser (a fifth of the TOML parser's cost) while the
//! TOML files stay the one place the standard is written. The structure is unchanged: the same
//! serde types read both, and a unit test checks that both give the same standard.

use std::{env, fs, path::PathBuf};

fn main() {
    let out = PathBuf::from(env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    for name in ["gov-2021", "gov-2019"] {
        let path = format!("templates/{name}.toml");
        println!("cargo::rerun-if-changed={path}");
        let source = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        // A syntax error is reported here with its line; the definitions' meaning is validated
        // at run time and by the test `embedded_definitions_are_valid`.
        let value: toml::Value = toml::from_str(&source).unwrap_or_else(|e| panic!("{path}: {e}"));
        let json = serde_json::to_string(&value).expect("a TOML value is valid JSON");
        fs::write(out.join(format!("{name}.json")), json).expect("OUT_DIR is writable");
    }
}
