//! A token stream read as the atoms the layout places: runs of joint punctuation joined into one
//! operator, `'a` into one lifetime, `#[...]` into an attribute, and a doc attribute into the
//! `///` line it can be written as.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};

/// One unit of layout.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Atom {
    /// An identifier, a literal or a lifetime.
    Word(Word),
    /// An operator: a run of joint punctuation (`::`, `->`, `&&`) or one character.
    Op(String),
    /// A delimited group and its atoms.
    Group(Delimiter, Vec<Atom>),
    /// `#[...]` (or `#![...]` when `inner`): its body's atoms.
    Attr { inner: bool, body: Vec<Atom> },
    /// A doc attribute written as a `///` (or `//!`) line: the text after the slashes.
    Doc { inner: bool, text: String },
}

/// An identifier, literal or lifetime, and what kind it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub kind: WordKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WordKind {
    /// A keyword that does not stand for a value (`fn`, `let`, `impl`, `match`...).
    Keyword,
    /// Any other identifier, `self`, `Self`, `super` and `crate` included.
    Name,
    Literal,
    Lifetime,
}

/// Whether `word` is a keyword after which an operator starts an operand (`return -x`,
/// `impl<T>`) and before which a `(` is not a call.
fn is_keyword(word: &str) -> bool {
    matches!(
        word,
        "as" | "async"
            | "await"
            | "break"
            | "const"
            | "continue"
            | "dyn"
            | "else"
            | "enum"
            | "extern"
            | "fn"
            | "for"
            | "if"
            | "impl"
            | "in"
            | "let"
            | "loop"
            | "match"
            | "mod"
            | "move"
            | "mut"
            | "pub"
            | "ref"
            | "return"
            | "static"
            | "struct"
            | "trait"
            | "type"
            | "union"
            | "unsafe"
            | "use"
            | "where"
            | "while"
    )
}

/// The atoms of `stream`. Inside a macro's arguments doc attributes stay attributes: the macro
/// matches them as tokens, and the doc-comment form is for items.
pub fn atoms(stream: TokenStream) -> Vec<Atom> {
    read(stream, false)
}

fn read(stream: TokenStream, in_macro: bool) -> Vec<Atom> {
    // Taken out one by one, so that a group's stream is not shared when it is read (reading a
    // shared stream copies it).
    let mut tokens: Vec<Option<TokenTree>> = stream.into_iter().map(Some).collect();
    let mut atoms = Vec::with_capacity(tokens.len());
    let mut i = 0;
    while i < tokens.len() {
        let Some(token) = tokens[i].take() else {
            i += 1;
            continue;
        };
        match token {
            TokenTree::Ident(ident) => {
                let text = ident.to_string();
                let kind = if is_keyword(&text) {
                    WordKind::Keyword
                } else {
                    WordKind::Name
                };
                atoms.push(Atom::Word(Word { text, kind }));
            }
            TokenTree::Literal(literal) => atoms.push(Atom::Word(Word {
                text: literal.to_string(),
                kind: WordKind::Literal,
            })),
            TokenTree::Group(group) => {
                let arguments = in_macro || follows_macro_name(&atoms);
                let delimiter = group.delimiter();
                let stream = group.stream();
                drop(group);
                atoms.push(Atom::Group(delimiter, read(stream, arguments)));
            }
            TokenTree::Punct(punct) => {
                if punct.as_char() == '#' {
                    if let Some((attr, used)) = attribute(&mut tokens[i + 1..], in_macro) {
                        atoms.push(attr);
                        i += 1 + used;
                        continue;
                    }
                }
                let next = tokens.get(i + 1).and_then(Option::as_ref);
                if let (true, Some(TokenTree::Ident(name))) = (
                    punct.as_char() == '\'' && punct.spacing() == Spacing::Joint,
                    next,
                ) {
                    atoms.push(Atom::Word(Word {
                        text: format!("'{name}"),
                        kind: WordKind::Lifetime,
                    }));
                    i += 2;
                    continue;
                }
                let mut op = String::from(punct.as_char());
                let mut spacing = punct.spacing();
                while spacing == Spacing::Joint {
                    match tokens.get(i + 1).and_then(Option::as_ref) {
                        Some(TokenTree::Punct(next)) if joins(&op, next.as_char()) => {
                            op.push(next.as_char());
                            spacing = next.spacing();
                            i += 1;
                        }
                        _ => break,
                    }
                }
                atoms.push(Atom::Op(op));
            }
        }
        i += 1;
    }
    atoms
}

/// Rust's operators of more than one character.
const OPERATORS: &[&str] = &[
    "::", "->", "=>", "==", "!=", "<=", ">=", "&&", "||", "+=", "-=", "*=", "/=", "%=", "^=", "&=",
    "|=", "<<", ">>", "<<=", ">>=", "..", "...", "..=",
];

/// Whether `op` followed by `next` (joint) is still one operator: `>>` and `>` written together
/// (closing three generic lists) are two.
fn joins(op: &str, next: char) -> bool {
    OPERATORS.iter().any(|operator| {
        operator.len() == op.len() + next.len_utf8()
            && operator.starts_with(op)
            && operator.ends_with(next)
    })
}

/// Whether the atoms so far end in `name!`: the next group is a macro's arguments.
fn follows_macro_name(atoms: &[Atom]) -> bool {
    matches!(
        atoms,
        [.., Atom::Word(Word { kind: WordKind::Name, .. }), Atom::Op(bang)] if bang == "!"
    )
}

/// The rest of `#[...]` or `#![...]` after its `#`, at the start of `tokens`: the atom, and how
/// many tokens it used (taken out of `tokens`).
fn attribute(tokens: &mut [Option<TokenTree>], in_macro: bool) -> Option<(Atom, usize)> {
    let inner =
        matches!(tokens.first(), Some(Some(TokenTree::Punct(bang))) if bang.as_char() == '!');
    let used = if inner { 2 } else { 1 };
    let slot = tokens.get_mut(used - 1)?;
    if !matches!(slot, Some(TokenTree::Group(group)) if group.delimiter() == Delimiter::Bracket) {
        return None;
    }
    let Some(TokenTree::Group(group)) = slot.take() else {
        return None;
    };
    let stream = group.stream();
    drop(group);
    // Doc lines only at an attribute's own level: one inside another attribute stays as it is.
    let body = read(stream, true);
    let doc = (!in_macro)
        .then(|| doc_line(&body, inner))
        .flatten()
        .map(|text| Atom::Doc { inner, text });
    Some((doc.unwrap_or(Atom::Attr { inner, body }), used))
}

/// The text of `doc = "..."` when it can follow `///` (`//!`) on a line and mean the same.
fn doc_line(body: &[Atom], inner: bool) -> Option<String> {
    let [Atom::Word(name), Atom::Op(eq), Atom::Word(literal)] = body else {
        return None;
    };
    if name.text != "doc" || eq != "=" || literal.kind != WordKind::Literal {
        return None;
    }
    let text = string_value(&literal.text)?;
    // `////` is a plain comment, and a doc comment cannot hold a line break or a lone CR.
    let breaks_line = text.contains(['\n', '\r']);
    let plain_comment = !inner && text.starts_with('/');
    (!breaks_line && !plain_comment).then_some(text)
}

/// The value of a string literal's source text (`"a\"b"`, `r#"a"#`); `None` for anything else
/// or an escape it does not know.
pub fn string_value(literal: &str) -> Option<String> {
    if let Some(raw) = literal.strip_prefix('r') {
        let hashes = raw.len() - raw.trim_start_matches('#').len();
        let body = raw[hashes..].strip_prefix('"')?;
        return body
            .strip_suffix(&raw[..hashes])?
            .strip_suffix('"')
            .map(str::to_owned);
    }
    let body = literal.strip_prefix('"')?.strip_suffix('"')?;
    let mut value = String::with_capacity(body.len());
    let mut chars = body.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            value.push(c);
            continue;
        }
        value.push(match chars.next()? {
            'n' => '\n',
            'r' => '\r',
            't' => '\t',
            '0' => '\0',
            c @ ('\\' | '"' | '\'') => c,
            'u' => {
                let rest = chars.as_str().strip_prefix('{')?;
                let (hex, _) = rest.split_once('}')?;
                let c = char::from_u32(u32::from_str_radix(hex, 16).ok()?)?;
                chars = rest[hex.len() + 1..].chars();
                c
            }
            _ => return None,
        });
    }
    Some(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn op(text: &str) -> Atom {
        Atom::Op(text.to_owned())
    }

    fn word(text: &str, kind: WordKind) -> Atom {
        Atom::Word(Word {
            text: text.to_owned(),
            kind,
        })
    }

    #[test]
    fn joint_punctuation_is_one_operator_and_a_lifetime_one_word() {
        assert_eq!(
            atoms(quote!(Vec<Vec<Vec<u8>>>)).last(),
            Some(&op(">")),
            "`>>>` is `>>` then `>`"
        );
        let atoms = atoms(quote!(a::b -> &'a c >>= d));
        assert_eq!(
            atoms,
            vec![
                word("a", WordKind::Name),
                op("::"),
                word("b", WordKind::Name),
                op("->"),
                op("&"),
                word("'a", WordKind::Lifetime),
                word("c", WordKind::Name),
                op(">>="),
                word("d", WordKind::Name),
            ]
        );
    }

    #[test]
    fn doc_attributes_become_lines_outside_macro_arguments_only() {
        let atoms = atoms(quote! {
            #![doc = "inner"]
            /// outer "quoted"
            #[doc = "two\nlines"]
            #[doc = "/ slash"]
            m! { #[doc = " in a macro"] x }
        });
        assert_eq!(
            atoms[..2],
            [
                Atom::Doc {
                    inner: true,
                    text: "inner".into()
                },
                Atom::Doc {
                    inner: false,
                    text: " outer \"quoted\"".into()
                },
            ]
        );
        assert!(matches!(&atoms[2], Atom::Attr { inner: false, .. }));
        assert!(matches!(&atoms[3], Atom::Attr { inner: false, .. }));
        let Atom::Group(Delimiter::Brace, arguments) = &atoms[6] else {
            panic!("{:?}", atoms[6]);
        };
        assert!(matches!(&arguments[0], Atom::Attr { inner: false, .. }));
    }

    #[test]
    fn string_values_are_read_from_plain_and_raw_literals() {
        assert_eq!(
            string_value(r#""a\"b\\c\n\u{1}""#).as_deref(),
            Some("a\"b\\c\n\u{1}")
        );
        assert_eq!(string_value(r###"r#"a"b"#"###).as_deref(), Some("a\"b"));
        assert_eq!(string_value(r#"r"x""#).as_deref(), Some("x"));
        assert_eq!(string_value(r#""\q""#), None);
        assert_eq!(string_value("b\"x\""), None);
        assert_eq!(string_value("1"), None);
    }
}
