//! A throwaway `redis-server` on loopback for the fleet rate-limiter tests.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const NOT_INSTALLED: &str = "redis-server is not installed: run `cargo xtask test` (it installs \
     Debian's redis-server) or `apt-get install -y redis-server`";

/// A `redis-server` child process on 127.0.0.1, killed when dropped.
pub struct RedisServer {
    child: Option<Child>,
    port: u16,
    log: PathBuf,
}

impl RedisServer {
    /// Starts `redis-server` (`REDIS_SERVER`, else the one on PATH) on a free port, without
    /// persistence, and waits until it answers PING. Panics when it cannot (never skips).
    pub fn start() -> Self {
        let port = {
            let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
            listener.local_addr().unwrap().port()
        };
        let log = std::env::temp_dir().join(format!(
            "generated-sdk-redis-{}-{port}.log",
            std::process::id()
        ));
        let mut server = RedisServer {
            child: None,
            port,
            log,
        };
        server.spawn();
        server
    }

    /// Starts the server again on the same port (empty: nothing persists), after [`Self::stop`].
    pub fn restart(&mut self) {
        self.stop();
        self.spawn();
    }

    fn spawn(&mut self) {
        let program = std::env::var_os("REDIS_SERVER")
            .filter(|p| !p.is_empty())
            .unwrap_or_else(|| "redis-server".into());
        let port = self.port;
        let child = Command::new(&program)
            .args(["--port", &port.to_string(), "--bind", "127.0.0.1"])
            .args(["--save", "", "--appendonly", "no"])
            .arg("--logfile")
            .arg(&self.log)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn();
        let child = match child {
            Ok(child) => child,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                panic!("{NOT_INSTALLED} ({} not found)", program.to_string_lossy())
            }
            Err(e) => panic!("{NOT_INSTALLED} ({}: {e})", program.to_string_lossy()),
        };
        self.child = Some(child);
        self.wait_until_ready();
    }

    fn wait_until_ready(&mut self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if self.ping() {
                return;
            }
            let exited = self
                .child
                .as_mut()
                .and_then(|c| c.try_wait().ok().flatten());
            if let Some(status) = exited {
                self.child = None;
                panic!(
                    "redis-server exited at start ({status}); its log:\n{}",
                    std::fs::read_to_string(&self.log).unwrap_or_default()
                );
            }
            if Instant::now() > deadline {
                panic!(
                    "redis-server did not answer PING on port {} within 10 s; its log:\n{}",
                    self.port,
                    std::fs::read_to_string(&self.log).unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    fn ping(&self) -> bool {
        let Ok(mut stream) = TcpStream::connect(("127.0.0.1", self.port)) else {
            return false;
        };
        let _ = stream.set_read_timeout(Some(Duration::from_secs(1)));
        let mut reply = [0u8; 7];
        stream.write_all(b"PING\r\n").is_ok()
            && stream.read_exact(&mut reply).is_ok()
            && &reply == b"+PONG\r\n"
    }

    /// `redis://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }

    /// Kills the server now (Redis becomes unreachable mid-test).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }
}

impl Drop for RedisServer {
    fn drop(&mut self) {
        self.stop();
        let _ = std::fs::remove_file(&self.log);
    }
}
