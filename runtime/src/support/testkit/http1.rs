//! The little HTTP/1.1 the socket server needs: read one request (`Content-Length` or chunked
//! body), write one response. Every connection is closed after one exchange.

use std::io::{self, BufRead, Read, Write};

/// One request as read from the wire.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct RawRequest {
    pub(crate) method: String,
    pub(crate) target: String,
    pub(crate) headers: http::HeaderMap,
    pub(crate) body: Vec<u8>,
}

fn invalid(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidData, message.to_owned())
}

/// The longest request head or body the server reads.
const LIMIT: usize = 16 * 1024 * 1024;

fn read_line(reader: &mut impl BufRead) -> io::Result<String> {
    let mut line = Vec::new();
    reader.take(64 * 1024).read_until(b'\n', &mut line)?;
    if !line.ends_with(b"\n") {
        return Err(invalid("unterminated line"));
    }
    while line.last().is_some_and(|b| *b == b'\n' || *b == b'\r') {
        line.pop();
    }
    String::from_utf8(line).map_err(|_| invalid("a request line that is not UTF-8"))
}

/// Reads one request.
pub(crate) fn read_request(reader: &mut impl BufRead) -> io::Result<RawRequest> {
    let line = read_line(reader)?;
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version)) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(invalid("a malformed request line"));
    };
    if !version.starts_with("HTTP/1.") {
        return Err(invalid("not HTTP/1.x"));
    }
    let mut headers = http::HeaderMap::new();
    loop {
        let line = read_line(reader)?;
        if line.is_empty() {
            break;
        }
        let (name, value) = line
            .split_once(':')
            .ok_or_else(|| invalid("a malformed header"))?;
        let name = http::HeaderName::from_bytes(name.trim().as_bytes())
            .map_err(|_| invalid("a malformed header name"))?;
        let value = http::HeaderValue::from_str(value.trim())
            .map_err(|_| invalid("a malformed header value"))?;
        headers.append(name, value);
    }
    let chunked = headers
        .get(http::header::TRANSFER_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    let body = if chunked {
        read_chunked(reader)?
    } else {
        let length = headers
            .get(http::header::CONTENT_LENGTH)
            .map(|v| {
                v.to_str()
                    .ok()
                    .and_then(|v| v.trim().parse::<usize>().ok())
                    .ok_or_else(|| invalid("a malformed Content-Length"))
            })
            .transpose()?
            .unwrap_or(0);
        if length > LIMIT {
            return Err(invalid("a body above the test server's limit"));
        }
        let mut body = vec![0; length];
        reader.read_exact(&mut body)?;
        body
    };
    Ok(RawRequest {
        method: method.to_owned(),
        target: target.to_owned(),
        headers,
        body,
    })
}

fn read_chunked(reader: &mut impl BufRead) -> io::Result<Vec<u8>> {
    let mut body = Vec::new();
    loop {
        let line = read_line(reader)?;
        let size = line.split(';').next().unwrap_or("").trim();
        let size =
            usize::from_str_radix(size, 16).map_err(|_| invalid("a malformed chunk size"))?;
        if size == 0 {
            // Trailers, then the empty line.
            while !read_line(reader)?.is_empty() {}
            return Ok(body);
        }
        if body.len() + size > LIMIT {
            return Err(invalid("a body above the test server's limit"));
        }
        let start = body.len();
        body.resize(start + size, 0);
        reader.read_exact(&mut body[start..])?;
        if !read_line(reader)?.is_empty() {
            return Err(invalid("a chunk longer than announced"));
        }
    }
}

/// Writes the head of a response announcing `content_length` body bytes; `Connection: close`.
pub(crate) fn write_head(
    writer: &mut impl Write,
    status: u16,
    headers: &[(String, String)],
    content_length: usize,
) -> io::Result<()> {
    // Every status gets a reason phrase (some clients insist on one).
    let reason = http::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("Unknown");
    let mut head = format!("HTTP/1.1 {status} {reason}\r\n");
    for (name, value) in headers {
        if name.eq_ignore_ascii_case("content-length") || name.eq_ignore_ascii_case("connection") {
            continue;
        }
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!(
        "content-length: {content_length}\r\nconnection: close\r\n\r\n"
    ));
    writer.write_all(head.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_request_with_a_length() {
        let wire = b"POST /v3/orders/a%2Fb?x=1 HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{\"a\":1}";
        let request = read_request(&mut &wire[..]).unwrap();
        assert_eq!(request.method, "POST");
        assert_eq!(request.target, "/v3/orders/a%2Fb?x=1");
        assert_eq!(request.headers["content-type"], "application/json");
        assert_eq!(request.body, b"{\"a\":1}");
    }

    #[test]
    fn reads_a_chunked_request() {
        let wire = b"PUT /p HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\n{\"a\r\n4;ext=1\r\n\":1}\r\n0\r\n\r\n";
        let request = read_request(&mut &wire[..]).unwrap();
        assert_eq!(request.body, b"{\"a\":1}");
    }

    #[test]
    fn refuses_what_it_cannot_read() {
        for wire in [
            &b"GARBAGE\r\n\r\n"[..],
            b"GET / SPDY/3\r\n\r\n",
            b"GET / HTTP/1.1\r\nno-colon\r\n\r\n",
            b"GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n",
            b"GET / HTTP/1.1\r\nContent-Length: 5\r\n\r\nab",
            b"GET / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n",
            b"GET / HTTP/1.1",
        ] {
            assert!(
                read_request(&mut &wire[..]).is_err(),
                "{:?}",
                String::from_utf8_lossy(wire)
            );
        }
    }

    #[test]
    fn writes_a_head_with_a_reason_for_every_status() {
        let mut out = Vec::new();
        write_head(&mut out, 599, &[("retry-after".into(), "1".into())], 3).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "HTTP/1.1 599 Unknown\r\nretry-after: 1\r\ncontent-length: 3\r\nconnection: close\r\n\r\n"
        );
    }
}
