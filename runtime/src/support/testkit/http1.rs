//! The little HTTP/1.1 the test kit needs: the socket server reads one request (`Content-Length`
//! or chunked body) and writes one response; notification delivery writes one request and reads
//! one response. Every connection is closed after one exchange.

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
    let headers = read_headers(reader)?;
    let body = read_body(reader, &headers, false)?;
    Ok(RawRequest {
        method: method.to_owned(),
        target: target.to_owned(),
        headers,
        body,
    })
}

/// Reads header lines up to the empty line.
fn read_headers(reader: &mut impl BufRead) -> io::Result<http::HeaderMap> {
    let mut headers = http::HeaderMap::new();
    loop {
        let line = read_line(reader)?;
        if line.is_empty() {
            return Ok(headers);
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
}

/// Reads a body: chunked, `Content-Length`, or (`to_end`, a response) up to the end of the
/// stream; without any of these, none.
fn read_body(
    reader: &mut impl BufRead,
    headers: &http::HeaderMap,
    to_end: bool,
) -> io::Result<Vec<u8>> {
    let chunked = headers
        .get(http::header::TRANSFER_ENCODING)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().contains("chunked"));
    if chunked {
        return read_chunked(reader);
    }
    let length = headers
        .get(http::header::CONTENT_LENGTH)
        .map(|v| {
            v.to_str()
                .ok()
                .and_then(|v| v.trim().parse::<usize>().ok())
                .ok_or_else(|| invalid("a malformed Content-Length"))
        })
        .transpose()?;
    match length {
        Some(length) if length > LIMIT => Err(invalid("a body above the test kit's limit")),
        Some(length) => {
            let mut body = vec![0; length];
            reader.read_exact(&mut body)?;
            Ok(body)
        }
        None if to_end => {
            let mut body = Vec::new();
            reader.take(LIMIT as u64 + 1).read_to_end(&mut body)?;
            if body.len() > LIMIT {
                return Err(invalid("a body above the test kit's limit"));
            }
            Ok(body)
        }
        None => Ok(Vec::new()),
    }
}

/// One response as read from the wire.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct RawResponse {
    pub(crate) status: u16,
    pub(crate) headers: http::HeaderMap,
    pub(crate) body: Vec<u8>,
}

/// Reads one response (a status line `HTTP/1.x <code> [reason]`, headers, body); interim `1xx`
/// responses are skipped.
pub(crate) fn read_response(reader: &mut impl BufRead) -> io::Result<RawResponse> {
    loop {
        let line = read_line(reader)?;
        let mut parts = line.splitn(3, ' ');
        let (Some(version), Some(code)) = (parts.next(), parts.next()) else {
            return Err(invalid("a malformed status line"));
        };
        if !version.starts_with("HTTP/1.") {
            return Err(invalid("not HTTP/1.x"));
        }
        let status = code
            .parse::<u16>()
            .ok()
            .filter(|s| (100..=999).contains(s))
            .ok_or_else(|| invalid("a malformed status code"))?;
        let headers = read_headers(reader)?;
        if (100..200).contains(&status) {
            continue;
        }
        let body = if status == 204 || status == 304 {
            Vec::new()
        } else {
            read_body(reader, &headers, true)?
        };
        return Ok(RawResponse {
            status,
            headers,
            body,
        });
    }
}

/// Writes one request: `method target`, `host`, the headers, `content-length` and
/// `connection: close`, then the body.
pub(crate) fn write_request(
    writer: &mut impl Write,
    method: &str,
    target: &str,
    host: &str,
    headers: &http::HeaderMap,
    body: &[u8],
) -> io::Result<()> {
    let mut head = format!("{method} {target} HTTP/1.1\r\nhost: {host}\r\n").into_bytes();
    for (name, value) in headers {
        if [
            http::header::HOST,
            http::header::CONTENT_LENGTH,
            http::header::CONNECTION,
            http::header::TRANSFER_ENCODING,
        ]
        .contains(name)
        {
            continue;
        }
        head.extend_from_slice(name.as_str().as_bytes());
        head.extend_from_slice(b": ");
        head.extend_from_slice(value.as_bytes());
        head.extend_from_slice(b"\r\n");
    }
    head.extend_from_slice(
        format!(
            "content-length: {}\r\nconnection: close\r\n\r\n",
            body.len()
        )
        .as_bytes(),
    );
    writer.write_all(&head)?;
    writer.write_all(body)
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
    #[test]
    fn reads_responses_by_length_chunks_or_to_the_end() {
        let wire = b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 20\r\n\r\n{\"action\":\"success\"}";
        let response = read_response(&mut &wire[..]).unwrap();
        assert_eq!(response.status, 200);
        assert_eq!(response.headers["content-type"], "application/json");
        assert_eq!(response.body, b"{\"action\":\"success\"}");
        let wire =
            b"HTTP/1.1 401 Unauthorized\r\ntransfer-encoding: chunked\r\n\r\n2\r\nno\r\n0\r\n\r\n";
        assert_eq!(read_response(&mut &wire[..]).unwrap().body, b"no");
        let wire = b"HTTP/1.0 400\r\n\r\nbad body";
        let response = read_response(&mut &wire[..]).unwrap();
        assert_eq!(
            (response.status, &response.body[..]),
            (400, &b"bad body"[..])
        );
        let wire = b"HTTP/1.1 204 No Content\r\n\r\nignored";
        assert!(read_response(&mut &wire[..]).unwrap().body.is_empty());
        for wire in [
            &b"HTTP/1.1\r\n\r\n"[..],
            b"HTTP/1.1 abc OK\r\n\r\n",
            b"SPDY/3 200 OK\r\n\r\n",
            b"HTTP/1.1 200 OK\r\ncontent-length: 9\r\n\r\nshort",
        ] {
            assert!(
                read_response(&mut &wire[..]).is_err(),
                "{:?}",
                String::from_utf8_lossy(wire)
            );
        }
    }

    #[test]
    fn writes_a_request_the_reader_reads_back() {
        let mut headers = http::HeaderMap::new();
        headers.insert("x-signature", "abc".parse().unwrap());
        headers.insert("content-length", "999".parse().unwrap());
        let mut out = Vec::new();
        write_request(
            &mut out,
            "POST",
            "/hooks?a=1",
            "127.0.0.1:80",
            &headers,
            b"{}",
        )
        .unwrap();
        let request = read_request(&mut &out[..]).unwrap();
        assert_eq!(
            (request.method.as_str(), request.target.as_str()),
            ("POST", "/hooks?a=1")
        );
        assert_eq!(request.headers["host"], "127.0.0.1:80");
        assert_eq!(request.headers["x-signature"], "abc");
        assert_eq!(request.headers["content-length"], "2");
        assert_eq!(request.body, b"{}");
    }
}
