//! Operating-system errors (permission, disk full, missing file …) told in Chinese: the message
//! of the standard library is English and names no remedy.

use std::io::{Error, ErrorKind};

/// The error in Chinese, with the system's own text in brackets for the technically minded
/// (`没有权限（Permission denied (os error 13)）`).
pub fn describe(e: &Error) -> String {
    let what = match e.kind() {
        ErrorKind::NotFound => "文件或文件夹不存在",
        ErrorKind::PermissionDenied => "没有权限（请检查文件或文件夹的访问权限）",
        ErrorKind::AlreadyExists => "文件已存在",
        ErrorKind::StorageFull => "磁盘空间不足",
        ErrorKind::ReadOnlyFilesystem => "文件系统是只读的",
        ErrorKind::IsADirectory => "这是一个文件夹，不是文件",
        ErrorKind::NotADirectory => "路径中有一部分不是文件夹",
        ErrorKind::DirectoryNotEmpty => "文件夹不是空的",
        ErrorKind::InvalidFilename => "文件名无效或过长",
        ErrorKind::FileTooLarge => "文件过大",
        ErrorKind::QuotaExceeded => "超出磁盘配额",
        ErrorKind::BrokenPipe => "输出管道已关闭",
        ErrorKind::Interrupted => "操作被中断",
        ErrorKind::InvalidData => "数据无效",
        ErrorKind::UnexpectedEof => "文件意外结束",
        _ => "系统错误",
    };
    format!("{what}（{e}）")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permission_and_disk_full_are_told_in_chinese() {
        let denied = Error::from(ErrorKind::PermissionDenied);
        assert!(describe(&denied).starts_with("没有权限"));
        let full = Error::from(ErrorKind::StorageFull);
        assert!(describe(&full).starts_with("磁盘空间不足"));
    }
}
