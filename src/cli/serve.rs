//! `gongkai serve`: starts the local web server of [`crate::serve`] and prints its address.

use super::exit;
use crate::serve::{self, Config, Limits};
use anyhow::{Context, Result};
use std::io::Write as _;
use std::net::IpAddr;
use std::path::Path;

/// Runs the server until Ctrl-C: the URL is the first line of stdout.
pub fn serve(bind: IpAddr, port: u16, open: bool, template: Option<&Path>) -> Result<i32> {
    let write = super::write_options(template)?;
    let limits = Limits::default();
    let config = Config {
        bind,
        port,
        write,
        limits: limits.clone(),
    };
    serve::run(config, |url| {
        println!("{url}");
        let _ = std::io::stdout().flush();
        eprintln!(
            "gongkai 网页已启动：请在浏览器中打开上面的网址；按 Ctrl-C 停止。\n\
             单个文件上限 {} MB，每次请求上限 {} MB、{} 秒（汇总与合计 {} 秒）；\
             所有文件只在本机处理，不会上传到其他地方。",
            limits.upload >> 20,
            limits.request >> 20,
            limits.timeout.as_secs(),
            limits.batch_timeout.as_secs()
        );
        if !bind.is_loopback() {
            eprintln!(
                "注意：正在监听 {bind}，本机以外也能访问；网址中的 token 是访问令牌，没有它的请求一律拒绝。"
            );
        }
        if open {
            open_browser(url);
        }
    })
    .context("gongkai serve")?;
    eprintln!("gongkai 网页已停止。");
    Ok(exit::CLEAN)
}

/// Opens the URL in the system's browser; a failure is reported, not fatal.
fn open_browser(url: &str) {
    let mut cmd = if cfg!(target_os = "windows") {
        let mut c = std::process::Command::new("cmd");
        c.args(["/C", "start", ""]);
        c
    } else if cfg!(target_os = "macos") {
        std::process::Command::new("open")
    } else {
        std::process::Command::new("xdg-open")
    };
    if let Err(e) = cmd.arg(url).spawn() {
        eprintln!("无法打开浏览器（{e}），请手动打开上面的网址。");
    }
}
