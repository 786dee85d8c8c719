//! The socket server: the engine behind a real HTTP/1.1 listener on 127.0.0.1, one thread per
//! connection, one exchange per connection. Faults happen on the wire.

use std::io::{BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

use super::engine::Shared;
use super::http1::{read_request, write_head};
use super::reply::{Answer, Fault};

/// A running socket server; stopped by [`MockApi`](super::MockApi)'s drop.
#[derive(Debug)]
pub struct SocketServer {
    address: SocketAddr,
    stopping: Arc<AtomicBool>,
}

impl SocketServer {
    pub(crate) fn start(shared: Arc<Shared>) -> std::io::Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0")?;
        let address = listener.local_addr()?;
        let stopping = Arc::new(AtomicBool::new(false));
        let stop = stopping.clone();
        std::thread::Builder::new()
            .name("test-kit-server".into())
            .spawn(move || {
                for stream in listener.incoming() {
                    if stop.load(Ordering::SeqCst) {
                        break;
                    }
                    let Ok(stream) = stream else { continue };
                    let shared = shared.clone();
                    let _ = std::thread::Builder::new()
                        .name("test-kit-connection".into())
                        .spawn(move || serve_connection(&shared, stream));
                }
            })?;
        Ok(SocketServer { address, stopping })
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.address)
    }

    pub(crate) fn stop(self) {
        self.stopping.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect_timeout(&self.address, Duration::from_millis(200));
    }
}

fn serve_connection(shared: &Shared, stream: TcpStream) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(30)));
    let mut reader = BufReader::new(&stream);
    let Ok(request) = read_request(&mut reader) else {
        return;
    };
    let uri: http::Uri = request
        .target
        .parse()
        .unwrap_or_else(|_| http::Uri::from_static("/"));
    let answer = shared.answer(&request.method, &uri, &request.headers, &request.body);
    if let Some(delay) = answer.delay() {
        std::thread::sleep(delay);
    }
    let mut writer = &stream;
    match answer {
        Answer::Respond { canned, .. } => {
            let _ = write_head(
                &mut writer,
                canned.status,
                &canned.headers,
                canned.body.len(),
            )
            .and_then(|()| writer.write_all(&canned.body))
            .and_then(|()| writer.flush());
        }
        Answer::Fault {
            fault: Fault::TruncatedBody,
            canned,
            ..
        } => {
            let half = canned.body.len() / 2;
            let _ = write_head(
                &mut writer,
                canned.status,
                &canned.headers,
                canned.body.len(),
            )
            .and_then(|()| writer.write_all(&canned.body[..half]))
            .and_then(|()| writer.flush());
        }
        Answer::Fault { .. } => {
            // A zero linger time makes close() send RST instead of FIN.
            let _ = socket2::SockRef::from(&stream).set_linger(Some(Duration::ZERO));
        }
    }
    drop(reader);
    drop(stream);
}
