//! How a command ends when it cannot go on: an error that carries its exit code (a refusal is
//! not an unreadable input), and clap's argument errors told in Chinese as well as English.

use super::exit;
use clap::error::{ContextKind, ContextValue, ErrorKind};

/// A command's failure with the exit code it means (see [`exit`]).
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Exit {
    /// The process exit code.
    pub code: i32,
    /// What went wrong, in Chinese.
    pub message: String,
}

/// The command refuses to run as asked (arguments that contradict each other …): exit 4.
pub fn refuse(message: impl Into<String>) -> anyhow::Error {
    Exit {
        code: exit::REFUSED,
        message: message.into(),
    }
    .into()
}

/// An output could not be written (an OS error, told in Chinese with the path): exit 3.
pub fn not_written(path: &std::path::Path, e: &std::io::Error) -> anyhow::Error {
    Exit {
        code: exit::NOT_WRITTEN,
        message: format!(
            "无法写入 {}：{}",
            path.display(),
            crate::os_error::describe(e)
        ),
    }
    .into()
}

/// An output could not be made (a writer failed): exit 3, as in a folder run.
pub fn output_failed(message: String) -> anyhow::Error {
    Exit {
        code: exit::NOT_WRITTEN,
        message,
    }
    .into()
}

/// The exit code of an error that ended a command: its own when it is an [`Exit`], else 2
/// (an input or a file named in the arguments could not be read).
pub fn code_of(e: &anyhow::Error) -> i32 {
    e.downcast_ref::<Exit>().map_or(exit::FAILED, |x| x.code)
}

/// What kind of argument error it is, in Chinese.
fn kind_in_chinese(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::UnknownArgument => "不认识的参数",
        ErrorKind::InvalidSubcommand => "不认识的子命令",
        ErrorKind::InvalidValue | ErrorKind::ValueValidation => "参数值无效",
        ErrorKind::MissingRequiredArgument => "缺少必需的参数",
        ErrorKind::MissingSubcommand | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            "缺少子命令（convert、check、collect、merge、template）"
        }
        ErrorKind::ArgumentConflict => "参数不能同时使用",
        ErrorKind::TooManyValues | ErrorKind::TooFewValues | ErrorKind::WrongNumberOfValues => {
            "参数值的个数不对"
        }
        ErrorKind::NoEquals => "参数值应以 = 连接",
        ErrorKind::InvalidUtf8 => "参数中有无效的字符",
        _ => "参数有误",
    }
}

fn context_text(e: &clap::Error, kind: ContextKind) -> Option<String> {
    match e.get(kind)? {
        ContextValue::String(s) => Some(s.clone()),
        ContextValue::Strings(v) => Some(v.join("、")),
        _ => None,
    }
}

/// clap's error told in Chinese first, then clap's own English text; help and version pass
/// through as they are.
pub fn render_args_error(e: &clap::Error) -> String {
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        return e.render().to_string();
    }
    let mut what = kind_in_chinese(e.kind()).to_string();
    let arg = context_text(e, ContextKind::InvalidArg);
    let value = context_text(e, ContextKind::InvalidValue);
    match (arg, value) {
        (Some(a), Some(v)) if !v.is_empty() => what.push_str(&format!("：{a} 的值“{v}”")),
        (Some(a), _) => what.push_str(&format!("：{a}")),
        (None, Some(v)) => what.push_str(&format!("：“{v}”")),
        (None, None) => {}
    }
    if let Some(valid) = context_text(e, ContextKind::ValidValue) {
        what.push_str(&format!("（可选：{valid}）"));
    }
    format!(
        "错误：{what}。用 gongkai --help 或 gongkai <命令> --help 查看用法。\n\n{}",
        e.render()
    )
}

/// The exit code of an argument error: 0 for help and version, else 4 ([`exit::REFUSED`]).
pub fn args_error_code(e: &clap::Error) -> i32 {
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        exit::CLEAN
    } else {
        exit::REFUSED
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser as _;

    #[test]
    fn an_unknown_argument_is_told_in_chinese_and_english() {
        let e = super::super::Cli::try_parse_from(["gongkai", "convert", "--bogus", "a.txt"])
            .expect_err("unknown argument");
        let text = render_args_error(&e);
        assert!(text.contains("不认识的参数：--bogus"), "{text}");
        assert!(text.contains("unexpected argument"), "{text}");
        assert_eq!(args_error_code(&e), exit::REFUSED);
    }

    #[test]
    fn a_refusal_keeps_its_code_and_other_errors_mean_unreadable() {
        assert_eq!(code_of(&refuse("x")), exit::REFUSED);
        assert_eq!(code_of(&anyhow::anyhow!("x")), exit::FAILED);
    }
}
