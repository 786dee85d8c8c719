//! An oversized response body is refused at the configured limit while it streams in, and the
//! client's memory stays near the limit however much the server sends.
//!
//! Alone in its test binary: a counting global allocator measures the heap's high-water mark,
//! which other tests running in parallel would disturb. The server is a raw TCP socket on
//! 127.0.0.1 that writes the same 64 KiB block over and over (up to 256 MiB, or until the client
//! hangs up), so its own memory is constant.

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use commerce_apis::forte;
use commerce_apis::{ClientOptions, Credentials, Error, RetryPolicy, TransportErrorKind};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

/// The system allocator, counting the bytes in use and their high-water mark.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

fn grew(size: usize) {
    let now = IN_USE.fetch_add(size, Ordering::Relaxed) + size;
    PEAK.fetch_max(now, Ordering::Relaxed);
}

// SAFETY: every call is forwarded to `System` unchanged; only counters are updated besides.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            grew(layout.size());
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let new = unsafe { System.realloc(ptr, layout, new_size) };
        if !new.is_null() {
            IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
            grew(new_size);
        }
        new
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const MIB: usize = 1024 * 1024;
/// What the server is willing to send: far beyond the limit.
const SERVED: usize = 256 * MIB;
const BLOCK: usize = 64 * 1024;

/// A server that answers every request with 200 and an endless-looking body, chunked or with a
/// `Content-Length` of `SERVED`. Returns the base URL and a counter of the body bytes written.
async fn flood(chunked: bool) -> (String, std::sync::Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base_url = format!("http://{}", listener.local_addr().unwrap());
    let written = std::sync::Arc::new(AtomicUsize::new(0));
    let counter = written.clone();
    tokio::spawn(async move {
        let block = vec![b' '; BLOCK];
        // One connection per test: no retries, and the client closes it on refusal.
        let Ok((mut socket, _)) = listener.accept().await else {
            return;
        };
        if common::read_request_head(&mut socket).await.is_none() {
            return;
        }
        let framing = if chunked {
            "transfer-encoding: chunked".to_owned()
        } else {
            format!("content-length: {SERVED}")
        };
        let response =
            format!("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n{framing}\r\n\r\n");
        if socket.write_all(response.as_bytes()).await.is_err() {
            return;
        }
        for _ in 0..SERVED / BLOCK {
            let sent = if chunked {
                let size = format!("{BLOCK:x}\r\n");
                socket.write_all(size.as_bytes()).await.is_ok()
                    && socket.write_all(&block).await.is_ok()
                    && socket.write_all(b"\r\n").await.is_ok()
            } else {
                socket.write_all(&block).await.is_ok()
            };
            if !sent {
                return;
            }
            counter.fetch_add(BLOCK, Ordering::Relaxed);
        }
        if chunked {
            let _ = socket.write_all(b"0\r\n\r\n").await;
        }
    });
    (base_url, written)
}

#[tokio::test(flavor = "current_thread")]
async fn oversized_bodies_are_refused_at_the_limit_without_reading_them_whole() {
    let limit = MIB;
    let options = ClientOptions {
        timeout: Duration::from_secs(20),
        retry: RetryPolicy::none(),
        max_response_bytes: limit,
        ..ClientOptions::default()
    };
    for chunked in [true, false] {
        let (base_url, written) = flood(chunked).await;
        let config = forte::Config::new(Credentials::basic("4242", "secret"))
            .with_base_url(&base_url)
            .unwrap();
        let client = forte::Client::with_options(config, &options).unwrap();
        let baseline = IN_USE.load(Ordering::Relaxed);
        PEAK.store(baseline, Ordering::Relaxed);
        let started = Instant::now();
        let error = client.list_products().await.unwrap_err();
        let elapsed = started.elapsed();
        let peak = PEAK.load(Ordering::Relaxed) - baseline;
        let Error::Transport(transport) = &error else {
            panic!("expected a transport error, got {error:?}")
        };
        assert_eq!(
            transport.kind(),
            &TransportErrorKind::BodyTooLarge { limit },
            "{error}"
        );
        assert_eq!(
            error.to_string(),
            format!("the response body is larger than the limit of {limit} bytes (`ClientOptions::max_response_bytes`)")
        );
        let framing = if chunked { "chunked" } else { "content-length" };
        let sent = written.load(Ordering::Relaxed);
        println!(
            "{framing}: refused after {elapsed:?}; server wrote {:.1} MiB of the {} MiB it offered; client heap peak {:.2} MiB above baseline (limit {} MiB)",
            sent as f64 / MIB as f64,
            SERVED / MIB,
            peak as f64 / MIB as f64,
            limit / MIB
        );
        // The limit plus buffers, never the body: a whole read would be 256 MiB.
        assert!(
            peak < 4 * limit,
            "heap peak {peak} bytes for a {limit}-byte limit"
        );
        assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
        assert!(sent < SERVED / 4, "the client read {sent} bytes");
    }
}
