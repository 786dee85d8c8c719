//! HTTP bodies as bytes that never print themselves.

use std::fmt;
use std::ops::Deref;

/// The bytes of an HTTP body: the JSON of a request built by a `build_*` function, or the raw
/// body of a response kept in an error ([`Error::raw_body`](super::Error::raw_body)).
///
/// `Debug` shows only the length, never the bytes: a request body can hold card data or personal
/// data (fields marked `x-sensitive` in the spec), and `http::Request`'s `Debug` prints its body.
/// The bytes are read through `Deref<Target = [u8]>`, [`AsRef<[u8]>`](AsRef), [`Body::as_bytes`]
/// or taken with [`Body::into_bytes`] / `Vec::from`: `format!("{body:?}")` is
/// `Body(33 bytes)`.
#[derive(Clone, Default, PartialEq, Eq, Hash)]
pub struct Body(Vec<u8>);

impl Body {
    /// A body holding `bytes`.
    pub fn new(bytes: impl Into<Vec<u8>>) -> Self {
        Body(bytes.into())
    }

    /// The bytes.
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// The bytes, taken out.
    pub fn into_bytes(self) -> Vec<u8> {
        self.0
    }
}

impl fmt::Debug for Body {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Body({} bytes)", self.0.len())
    }
}

impl Deref for Body {
    type Target = [u8];

    fn deref(&self) -> &[u8] {
        &self.0
    }
}

impl AsRef<[u8]> for Body {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
}

impl From<Vec<u8>> for Body {
    fn from(bytes: Vec<u8>) -> Self {
        Body(bytes)
    }
}

impl From<&[u8]> for Body {
    fn from(bytes: &[u8]) -> Self {
        Body(bytes.to_vec())
    }
}

impl From<Body> for Vec<u8> {
    fn from(body: Body) -> Self {
        body.0
    }
}

#[cfg(test)]
mod tests {
    use super::Body;

    #[test]
    fn debug_shows_the_length_only() {
        let body = Body::new(b"{\"cardNumber\":\"4111111111111111\"}".to_vec());
        for shown in [format!("{body:?}"), format!("{body:#?}")] {
            assert_eq!(shown, "Body(33 bytes)");
        }
        assert_eq!(format!("{:?}", Body::default()), "Body(0 bytes)");
        // Inside an `http::Request`, whose `Debug` prints its body.
        let request = http::Request::new(body.clone());
        let shown = format!("{request:?}");
        assert!(!shown.contains("4111"), "{shown}");
        assert!(shown.contains("Body(33 bytes)"), "{shown}");
    }

    #[test]
    fn bytes_are_reachable_every_usual_way() {
        let body = Body::from(b"abc".to_vec());
        assert_eq!(body.as_bytes(), b"abc");
        assert_eq!(body.as_ref(), b"abc");
        assert_eq!(&*body, b"abc");
        assert_eq!(body.len(), 3);
        assert!(!body.is_empty());
        assert_eq!(Body::from(&b"abc"[..]), body);
        assert_eq!(Vec::from(body.clone()), b"abc");
        assert_eq!(body.into_bytes(), b"abc");
    }
}
