//! JSON text to a value, refusing what `serde_json::from_str` would let through silently: a key
//! written twice in one object (the last one would win). Nesting deeper than serde_json's limit
//! (128) is refused by serde_json itself.

use std::cell::RefCell;
use std::fmt;

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Value};

use crate::error::pointer_push;

/// Why the text was refused: serde_json's error (with line and column) and, for a duplicate key,
/// the JSON pointer of the second occurrence.
pub struct StrictError {
    pub error: serde_json::Error,
    pub duplicate_at: Option<String>,
}

/// Parses `text`, failing on a duplicate key.
pub fn parse(text: &str) -> Result<Value, StrictError> {
    let duplicate = RefCell::new(None);
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let seed = ValueSeed {
        pointer: "",
        duplicate: &duplicate,
    };
    let value = seed
        .deserialize(&mut deserializer)
        .and_then(|value| deserializer.end().map(|()| value));
    value.map_err(|error| StrictError {
        error,
        duplicate_at: duplicate.into_inner(),
    })
}

/// Reads one value located at `pointer`.
#[derive(Clone, Copy)]
struct ValueSeed<'p> {
    pointer: &'p str,
    duplicate: &'p RefCell<Option<String>>,
}

impl<'de> DeserializeSeed<'de> for ValueSeed<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for ValueSeed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Value, E> {
        Ok(Value::Bool(value))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Value, E> {
        Ok(Value::from(value))
    }

    fn visit_str<E>(self, value: &str) -> Result<Value, E> {
        Ok(Value::String(value.to_owned()))
    }

    fn visit_string<E>(self, value: String) -> Result<Value, E> {
        Ok(Value::String(value))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        loop {
            let pointer = pointer_push(self.pointer, &items.len().to_string());
            let seed = ValueSeed {
                pointer: &pointer,
                duplicate: self.duplicate,
            };
            match seq.next_element_seed(seed)? {
                Some(item) => items.push(item),
                None => return Ok(Value::Array(items)),
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut map = Map::new();
        while let Some(key) = access.next_key::<String>()? {
            let pointer = pointer_push(self.pointer, &key);
            if map.contains_key(&key) {
                let message = format!("the key `{key}` occurs twice in one object");
                *self.duplicate.borrow_mut() = Some(pointer);
                return Err(de::Error::custom(message));
            }
            let seed = ValueSeed {
                pointer: &pointer,
                duplicate: self.duplicate,
            };
            let value = access.next_value_seed(seed)?;
            map.insert(key, value);
        }
        Ok(Value::Object(map))
    }
}

#[cfg(test)]
mod tests {
    use super::parse;

    #[test]
    fn duplicate_keys_are_refused_with_their_pointer() {
        let err = parse(r#"{"a": {"b": 1, "b": 2}}"#).err().unwrap();
        assert_eq!(err.duplicate_at.as_deref(), Some("/a/b"));
        assert!(err.error.to_string().contains("`b` occurs twice"));
    }

    #[test]
    fn values_read_as_serde_json_reads_them() {
        let text = r#"{"z": [1, -2, 3.5, "s", null, true], "a": {}}"#;
        let strict = parse(text).ok().unwrap();
        let plain: serde_json::Value = serde_json::from_str(text).unwrap();
        assert_eq!(strict, plain);
    }

    #[test]
    fn deep_nesting_is_refused() {
        let text = format!("{}{}", "[".repeat(10_000), "]".repeat(10_000));
        assert!(parse(&text).is_err());
    }
}
