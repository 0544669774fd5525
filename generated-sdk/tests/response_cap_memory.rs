//! Peak memory stays near the response cap while a server streams 500 MB (its own test binary, so
//! that nothing else moves the process's peak). Measured from the kernel's high-water mark of the
//! process (`VmHWM`), not from time.
#![cfg(all(feature = "cvm", feature = "default-transport", target_os = "linux"))]

use std::time::Duration;

use generated_sdk::cvm::v20170312 as cvm;
use generated_sdk::runtime::{RetryConfig, TransportErrorKind};
use generated_sdk::{Config, Credentials, SdkError};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// The process's peak resident memory, in bytes.
fn peak_rss() -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap();
    let kb: u64 = status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.split_whitespace().next())
        .and_then(|v| v.parse().ok())
        .expect("VmHWM in /proc/self/status");
    kb * 1024
}

#[tokio::test]
async fn memory_stays_near_the_cap_while_500_mb_stream_in() {
    const CAP: usize = 16 * 1024 * 1024;
    const TOTAL: usize = 500 * 1024 * 1024;
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let endpoint = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        while let Ok((mut stream, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buf = vec![0u8; 64 * 1024];
                let _ = stream.read(&mut buf).await;
                // Chunked, so no Content-Length warns the client: it must count while reading.
                let head = b"HTTP/1.1 200 OK\r\ntransfer-encoding: chunked\r\n\r\n";
                if stream.write_all(head).await.is_err() {
                    return;
                }
                let block = format!("{:x}\r\n{}\r\n", 64 * 1024, " ".repeat(64 * 1024));
                for _ in 0..TOTAL / (64 * 1024) {
                    if stream.write_all(block.as_bytes()).await.is_err() {
                        return;
                    }
                }
                let _ = stream.write_all(b"0\r\n\r\n").await;
            });
        }
    });
    let client = cvm::Client::new(
        Config::new(Credentials::new("AKIDtest", "secret"))
            .region("ap-guangzhou")
            .endpoint(endpoint)
            .rate_limiting(false)
            .retry(RetryConfig::disabled())
            .max_response_bytes(CAP),
    );
    let before = peak_rss();
    let result = tokio::time::timeout(Duration::from_secs(120), client.describe_zones().send())
        .await
        .expect("the call ended");
    let grown = peak_rss().saturating_sub(before);
    match result {
        Err(SdkError::Transport(t)) => assert_eq!(t.kind, TransportErrorKind::TooLarge),
        other => panic!("expected a size error, got {other:?}"),
    }
    println!(
        "peak memory grew by {} MiB for a {} MiB cap",
        grown >> 20,
        CAP >> 20
    );
    assert!(
        grown < 4 * CAP as u64,
        "peak memory grew by {grown} bytes for a {CAP}-byte cap"
    );
}
