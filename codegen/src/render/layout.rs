//! Atoms to text: where the spaces go and where the lines break.
//!
//! A group is written on one line when it fits in what is left of [`WIDTH`] and holds no
//! statement, item or doc line; otherwise a `{...}` puts each statement, field, arm or attribute
//! on a line of its own, and a `(...)` or `[...]` with commas each element. The layout only
//! chooses whitespace: it never adds, drops or reorders a token (the tests check that the text
//! reads back as the same tokens), so the output means what the token stream meant.

use proc_macro2::Delimiter;

use super::atoms::{Atom, Word, WordKind};

/// The line width a group must fit in to stay on one line (rustfmt's default).
const WIDTH: usize = 100;
const INDENT: &str = "    ";

/// Keywords whose `{...}` is an item body or a `match`: always broken over lines.
const BLOCK_KEYWORDS: &[&str] = &[
    "enum", "fn", "impl", "match", "mod", "struct", "trait", "union",
];
/// Keywords after which a name may take generic parameters (`fn name<T>`).
const ITEM_KEYWORDS: &[&str] = &["enum", "fn", "struct", "trait", "type", "union"];
/// Two characters that, written together, read as one token (`-` `>` as `->`, `/` `/` as a
/// comment).
const JOINED: &[&str] = &[
    "::", "->", "=>", "==", "!=", "<=", ">=", "&&", "||", "+=", "-=", "*=", "/=", "%=", "^=", "&=",
    "|=", "<<", ">>", "..", "//", "/*", "*/", "<-",
];

/// The text of the atoms of a file.
pub fn lay_out(atoms: &[Atom]) -> String {
    let mut printer = Printer {
        out: String::with_capacity(64 * atoms.len()),
        ..Printer::default()
    };
    printer.sequence(atoms, Mode::Block);
    let mut text = printer.out;
    text.push('\n');
    text
}

/// What an operator is in its place, which decides the spaces around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// `a + b`, `x => y`: a space on each side.
    Binary,
    /// `&x`, `-1`, `!done`, `?Sized`: no space after.
    Prefix,
    /// `,` and `;`: none before, a space (or a line break) after.
    Separator,
    /// `a: T`: none before, a space after.
    Colon,
    /// `::`, `.`, `..`, `#`, `$`: no space after.
    Tight,
    /// `x?`: none before; ends an operand.
    Question,
    GenericOpen,
    GenericClose,
    /// `name!`: none before; a space after only before `{` or a word.
    MacroBang,
    ClosureOpen,
    ClosureClose,
    /// `||` of a closure without parameters.
    EmptyClosure,
}

/// The atom before the one being placed, as far as spacing cares.
#[derive(Debug, Clone, Copy)]
enum Prev<'a> {
    /// The start of a line or a group.
    Start,
    Word(&'a Word),
    Op(&'a str, Role),
    Group,
    Attr,
}

impl<'a> Prev<'a> {
    /// `atom`, placed with `role` (an operator's), as the atom before the next.
    fn of(atom: &'a Atom, role: Option<Role>) -> Prev<'a> {
        match (atom, role) {
            (Atom::Word(word), _) => Prev::Word(word),
            (Atom::Op(op), Some(role)) => Prev::Op(op, role),
            (Atom::Group(..), _) => Prev::Group,
            _ => Prev::Attr,
        }
    }

    /// Whether an operand ends here, so that `&`, `-`, `*`, `<` and `|` after it are binary.
    fn ends_operand(self) -> bool {
        match self {
            Prev::Word(word) => word.kind != WordKind::Keyword,
            Prev::Group => true,
            Prev::Op(_, role) => matches!(role, Role::Question | Role::GenericClose),
            Prev::Start | Prev::Attr => false,
        }
    }

    /// Whether a `(` after this is a call or a path's parameters (no space).
    fn is_callee(self) -> bool {
        match self {
            Prev::Word(word) => match word.kind {
                WordKind::Name => true,
                WordKind::Keyword => word.text == "pub" || word.text == "fn",
                WordKind::Literal | WordKind::Lifetime => false,
            },
            Prev::Group => true,
            Prev::Op(_, role) => matches!(role, Role::GenericClose | Role::MacroBang),
            Prev::Start | Prev::Attr => false,
        }
    }

    /// Whether a space follows this before `next`, when `next` does not decide.
    fn space_after(self, next: &Atom) -> bool {
        match self {
            Prev::Start => false,
            Prev::Word(_) | Prev::Group | Prev::Attr => true,
            Prev::Op(_, role) => match role {
                Role::Prefix | Role::Tight | Role::GenericOpen | Role::ClosureOpen => false,
                Role::MacroBang => matches!(next, Atom::Group(Delimiter::Brace, _) | Atom::Word(_)),
                _ => true,
            },
        }
    }
}

/// What one level of nesting remembers while its atoms are placed.
#[derive(Debug, Default)]
struct State {
    generic_depth: usize,
    in_closure_parameters: bool,
    /// A block keyword was seen: the next `{...}` at this level is its body.
    block_pending: bool,
    /// The previous atom is an item keyword (`fn`), so a name after it may take `<`.
    after_item_keyword: bool,
    /// The previous atom is the name after an item keyword.
    after_item_name: bool,
}

impl State {
    /// [`State::role`] of `atom` when it is an operator.
    fn role_of(&mut self, atom: &Atom, prev: Prev) -> Option<Role> {
        match atom {
            Atom::Op(op) => Some(self.role(op, prev)),
            _ => None,
        }
    }

    /// The role of operator `op` after `prev`, with this level's state updated for it.
    fn role(&mut self, op: &str, prev: Prev) -> Role {
        let role = match op {
            "," | ";" => Role::Separator,
            ":" => Role::Colon,
            "::" | "." | ".." | "..=" | "..." | "#" | "$" => Role::Tight,
            "?" if prev.ends_operand() => Role::Question,
            "!" if matches!(
                prev,
                Prev::Word(Word {
                    kind: WordKind::Name,
                    ..
                })
            ) =>
            {
                Role::MacroBang
            }
            "?" | "!" => Role::Prefix,
            "&" | "&&" | "*" | "-" if !prev.ends_operand() => Role::Prefix,
            "|" if self.in_closure_parameters => Role::ClosureClose,
            "|" if !prev.ends_operand() => Role::ClosureOpen,
            "||" if !prev.ends_operand() => Role::EmptyClosure,
            "<" if self.starts_generics(prev) => Role::GenericOpen,
            ">" if self.generic_depth > 0 => Role::GenericClose,
            ">>" if self.generic_depth > 1 => Role::GenericClose,
            _ => Role::Binary,
        };
        match role {
            Role::GenericOpen => self.generic_depth += 1,
            Role::GenericClose => self.generic_depth -= op.len(),
            Role::ClosureOpen => self.in_closure_parameters = true,
            Role::ClosureClose => self.in_closure_parameters = false,
            Role::Separator if op == ";" => self.block_pending = false,
            _ => {}
        }
        role
    }

    fn starts_generics(&self, prev: Prev) -> bool {
        let type_name = matches!(
            prev,
            Prev::Word(Word { kind: WordKind::Name, text }) if text.starts_with(|c: char| c.is_ascii_uppercase())
        );
        !prev.ends_operand() || type_name || self.after_item_name
    }

    /// Notes `atom` as placed (after its role was found).
    fn placed(&mut self, atom: &Atom) {
        let keyword = match atom {
            Atom::Word(Word {
                kind: WordKind::Keyword,
                text,
            }) => Some(text.as_str()),
            _ => None,
        };
        if keyword.is_some_and(|k| BLOCK_KEYWORDS.contains(&k)) {
            self.block_pending = true;
        }
        self.after_item_name = self.after_item_keyword
            && matches!(
                atom,
                Atom::Word(Word {
                    kind: WordKind::Name,
                    ..
                })
            );
        self.after_item_keyword = keyword.is_some_and(|k| ITEM_KEYWORDS.contains(&k));
    }

    /// Whether the `{...}` being placed is an item body or a `match` (and forgets it).
    fn take_block(&mut self) -> bool {
        std::mem::take(&mut self.block_pending)
    }

    /// Whether a comma here separates elements (not generic arguments or closure parameters).
    fn separates(&self) -> bool {
        self.generic_depth == 0 && !self.in_closure_parameters
    }
}

/// Whether a space goes between `prev` and `next` (whose role, for an operator, is `role`).
fn space_between(prev: Prev, next: &Atom, role: Option<Role>) -> bool {
    let space = match (next, role) {
        (_, _) if matches!(prev, Prev::Start) => false,
        (Atom::Op(op, ..), Some(role)) => match role {
            Role::Separator
            | Role::Colon
            | Role::Question
            | Role::GenericClose
            | Role::ClosureClose
            | Role::MacroBang => false,
            Role::Tight if op == "." => false,
            Role::Tight | Role::GenericOpen => {
                let keyword = matches!(
                    prev,
                    Prev::Word(Word {
                        kind: WordKind::Keyword,
                        ..
                    })
                );
                let after_keyword = keyword && role == Role::Tight;
                after_keyword || (!prev.ends_operand() && !keyword && prev.space_after(next))
            }
            _ => prev.space_after(next),
        },
        (Atom::Group(Delimiter::Parenthesis, _), _) => !prev.is_callee() && prev.space_after(next),
        (Atom::Group(Delimiter::Bracket, _), _) => {
            let indexed = prev.ends_operand() || matches!(prev, Prev::Op(_, Role::MacroBang));
            !indexed && prev.space_after(next)
        }
        _ => prev.space_after(next),
    };
    space || would_merge(prev, next, role)
}

/// Whether two operators written together would read as another one (`-` `>` as `->`); `> >`
/// closing generics and `& &` taking references read the same written together.
fn would_merge(prev: Prev, next: &Atom, role: Option<Role>) -> bool {
    let (Prev::Op(before, prev_role), Atom::Op(after), Some(role)) = (prev, next, role) else {
        return false;
    };
    let same = (prev_role == Role::GenericClose && role == Role::GenericClose)
        || (prev_role == Role::Prefix && role == Role::Prefix && after.starts_with('&'));
    let (Some(last), Some(first)) = (before.chars().last(), after.chars().next()) else {
        return false;
    };
    let joined = |pair: &&str| {
        let mut chars = pair.chars();
        chars.next() == Some(last) && chars.next() == Some(first)
    };
    !same && JOINED.iter().any(joined)
}

/// How a sequence of atoms breaks lines at its own level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// Statements, items, fields, arms: a line break after each `;`, `,`, attribute and block.
    Block,
    /// Elements of a broken `(...)` or `[...]`: a line break after each `,`.
    List,
    /// No line breaks at this level (groups inside still break when they must).
    Inline,
}

#[derive(Debug, Default)]
struct Printer {
    out: String,
    line_start: usize,
    depth: usize,
    break_pending: bool,
}

impl Printer {
    fn column(&self) -> usize {
        self.out.len() - self.line_start
    }

    fn line_break(&mut self) {
        self.out.push('\n');
        self.line_start = self.out.len();
        for _ in 0..self.depth {
            self.out.push_str(INDENT);
        }
    }

    fn at_line_start(&self) -> bool {
        self.column() == self.depth * INDENT.len()
    }

    fn sequence(&mut self, atoms: &[Atom], mode: Mode) {
        let mut state = State::default();
        let mut prev = Prev::Start;
        let mut in_where = false;
        // Whether the statement being written is a method chain too long for its line (each
        // call on a line of its own), and whether its lines are indented yet.
        let mut chain: Option<(usize, bool)> = None;
        let mut chain_indented = false;
        // The generic depth inside a `<...>` too long for its line, whose parameters go one to
        // a line.
        let mut broken_generics: Option<usize> = None;
        for (index, atom) in atoms.iter().enumerate() {
            let (start, breaks_chain) =
                *chain.get_or_insert_with(|| (index, self.breaks_chain(&atoms[index..])));
            let one_word_receiver = index == start + 1 && matches!(atoms[start], Atom::Word(_));
            if breaks_chain && is_call_dot(atoms, index) && !one_word_receiver {
                if !chain_indented {
                    chain_indented = true;
                    self.depth += 1;
                }
                self.break_pending = true;
            }
            if in_where {
                // The bounds end at the body's `{` (on a line of its own) or at a `;`.
                let body = matches!(atom, Atom::Group(Delimiter::Brace, _));
                if body || matches!(atom, Atom::Op(op) if op == ";") {
                    in_where = false;
                    self.depth -= 1;
                    self.break_pending |= body;
                }
            }
            if std::mem::take(&mut self.break_pending)
                || (matches!(atom, Atom::Doc { .. }) && !self.at_line_start())
            {
                self.line_break();
                prev = Prev::Start;
            }
            if mode == Mode::Block && is_keyword(atom, "where") {
                // `where` on a line of its own, its bounds indented below it.
                if !self.at_line_start() {
                    self.line_break();
                }
                self.out.push_str("where");
                self.depth += 1;
                self.break_pending = true;
                in_where = true;
                prev = Prev::Start;
                state.placed(atom);
                continue;
            }
            let depth_before = state.generic_depth;
            let role = state.role_of(atom, prev);
            // `>>` may close the broken list and one inside it at once.
            let closes_broken = broken_generics.is_some_and(|broken| state.generic_depth < broken);
            if role == Some(Role::GenericClose) && closes_broken {
                broken_generics = None;
                self.depth -= 1;
                self.line_break();
                prev = Prev::Start;
            }
            if space_between(prev, atom, role) {
                self.out.push(' ');
            }
            if role == Some(Role::GenericOpen)
                && broken_generics.is_none()
                && !self.generics_fit(&atoms[index..], depth_before)
            {
                broken_generics = Some(state.generic_depth);
                self.out.push('<');
                self.depth += 1;
                self.break_pending = true;
                state.placed(atom);
                prev = Prev::Start;
                continue;
            }
            match atom {
                Atom::Word(word) => self.out.push_str(&word.text),
                Atom::Op(op) => self.out.push_str(op),
                Atom::Doc { inner, text } => {
                    self.out.push_str(if *inner { "//!" } else { "///" });
                    self.out.push_str(text);
                    self.break_pending = true;
                }
                Atom::Attr { inner, body } => {
                    // Its arguments break over lines like a call's when they do not fit.
                    self.out.push_str(if *inner { "#![" } else { "#[" });
                    self.sequence(body, Mode::Inline);
                    self.out.push(']');
                    self.break_pending = mode != Mode::Inline;
                }
                Atom::Group(delimiter, inner) => {
                    let block = *delimiter == Delimiter::Brace && state.take_block();
                    self.group(*delimiter, inner, block, &atoms[index + 1..]);
                }
            }
            state.placed(atom);
            let separator = matches!(atom, Atom::Op(op) if op == "," || op == ";");
            if separator && state.separates() {
                chain = None;
                if std::mem::take(&mut chain_indented) {
                    self.depth -= 1;
                }
            }
            let generic_comma = separator && broken_generics == Some(state.generic_depth);
            self.break_pending |= generic_comma;
            self.break_pending |= match mode {
                Mode::Block if separator => {
                    state.separates() || matches!(atom, Atom::Op(op) if op == ";")
                }
                Mode::Block => {
                    matches!(atom, Atom::Group(Delimiter::Brace, _))
                        && !continues(atoms.get(index + 1))
                }
                Mode::List => separator && state.separates(),
                Mode::Inline => false,
            };
            prev = Prev::of(atom, role);
        }
        if in_where {
            self.depth -= 1;
        }
        if chain_indented {
            self.depth -= 1;
        }
        if broken_generics.is_some() {
            self.depth -= 1;
        }
    }

    /// Whether the `<...>` that `atoms` start with, inside `outer` generic lists, fits on the
    /// rest of the line.
    fn generics_fit(&self, atoms: &[Atom], outer: usize) -> bool {
        let mut state = State {
            generic_depth: outer,
            ..State::default()
        };
        let mut prev = Prev::Start;
        // A list of more atoms than a line has columns does not fit: stop looking there, so
        // that a `<` misread as generic (a comparison) costs no more than a line.
        let mut end = None;
        for (index, atom) in atoms.iter().enumerate().take(WIDTH) {
            let role = state.role_of(atom, prev);
            if role.is_some() && state.generic_depth <= outer {
                end = Some(index + 1);
                break;
            }
            state.placed(atom);
            prev = Prev::of(atom, role);
        }
        let Some(end) = end.or((atoms.len() < WIDTH).then_some(atoms.len())) else {
            return false;
        };
        let mut flat = String::new();
        write_flat(
            &mut flat,
            &atoms[..end],
            Some(WIDTH.saturating_sub(self.column())),
        )
    }

    /// Whether the statement starting `atoms` (up to its `;` or `,`) calls two methods or more
    /// in a chain and does not fit on the rest of the line.
    fn breaks_chain(&self, atoms: &[Atom]) -> bool {
        let end = atoms
            .iter()
            .position(|atom| matches!(atom, Atom::Op(op) if op == ";" || op == ","))
            .unwrap_or(atoms.len());
        let statement = &atoms[..end];
        let calls = (0..statement.len())
            .filter(|&index| is_call_dot(statement, index))
            .count();
        let mut flat = String::new();
        let limit = WIDTH.saturating_sub(self.column());
        calls >= 2 && !write_flat(&mut flat, statement, Some(limit))
    }

    /// Writes a group: on one line when it may and fits (with the start of `following`, see
    /// [`tail_width`]), broken over lines otherwise.
    fn group(&mut self, delimiter: Delimiter, atoms: &[Atom], block: bool, following: &[Atom]) {
        let (open, close) = delimiters(delimiter, atoms.is_empty());
        if atoms.is_empty() {
            self.out.push_str(open);
            self.out.push_str(close);
            return;
        }
        let broken = must_break(delimiter, atoms, block);
        if !broken {
            let start = self.out.len();
            let limit = start + WIDTH.saturating_sub(self.column() + tail_width(following));
            self.out.push_str(open);
            if write_flat(&mut self.out, atoms, Some(limit)) {
                self.out.push_str(close);
                if self.out.len() <= limit {
                    return;
                }
            }
            self.out.truncate(start);
        }
        let mode = match delimiter {
            Delimiter::Brace => Mode::Block,
            Delimiter::Parenthesis | Delimiter::Bracket if broken || has_separator(atoms) => {
                Mode::List
            }
            _ => Mode::Inline,
        };
        self.out.push_str(open.trim_end());
        if mode == Mode::Inline {
            self.sequence(atoms, mode);
            self.break_pending = false;
        } else {
            self.depth += 1;
            self.line_break();
            self.sequence(atoms, mode);
            self.break_pending = false;
            self.depth -= 1;
            self.line_break();
        }
        self.out.push_str(close.trim_start());
    }
}

/// Writes `atoms` on one line into `out`. With a `limit`, stops and gives `false` once `out` is
/// longer, or at an atom that should not be on one line (a doc line, a block of statements, a
/// list with a trailing comma); without one, writes everything.
fn write_flat(out: &mut String, atoms: &[Atom], limit: Option<usize>) -> bool {
    let mut state = State::default();
    let mut prev = Prev::Start;
    for atom in atoms {
        let role = state.role_of(atom, prev);
        if space_between(prev, atom, role) {
            out.push(' ');
        }
        match atom {
            Atom::Word(word) => out.push_str(&word.text),
            Atom::Op(op) => out.push_str(op),
            Atom::Doc { .. } if limit.is_some() => return false,
            Atom::Doc { inner, text } => {
                // Never reached: attribute bodies hold no doc lines (`atoms::attribute`).
                out.push_str(if *inner { "//!" } else { "///" });
                out.push_str(text);
            }
            Atom::Attr { inner, body } => write_attr(out, *inner, body),
            Atom::Group(delimiter, inner) => {
                let block = *delimiter == Delimiter::Brace && state.take_block();
                if limit.is_some() && !inner.is_empty() && must_break(*delimiter, inner, block) {
                    return false;
                }
                let (open, close) = delimiters(*delimiter, inner.is_empty());
                out.push_str(open);
                if !write_flat(out, inner, limit) {
                    return false;
                }
                out.push_str(close);
            }
        }
        if limit.is_some_and(|limit| out.len() > limit) {
            return false;
        }
        state.placed(atom);
        prev = Prev::of(atom, role);
    }
    true
}

/// Whether a group must be broken over lines: it holds doc lines or attributes, ends with a
/// comma (written to go one element to a line: a `{...}` always, a `(...)` or `[...]` of several
/// elements), or is a `{...}` of statements or an item body.
fn must_break(delimiter: Delimiter, atoms: &[Atom], block: bool) -> bool {
    let commas = atoms
        .iter()
        .filter(|atom| matches!(atom, Atom::Op(op) if op == ","))
        .count();
    let trailing_comma = matches!(atoms.last(), Some(Atom::Op(op)) if op == ",")
        && (delimiter == Delimiter::Brace || commas > 1);
    has_lines(atoms)
        || trailing_comma
        || (delimiter == Delimiter::Brace && (block || has_statements(atoms)))
}

/// `#[...]` on one line.
fn write_attr(out: &mut String, inner: bool, body: &[Atom]) {
    out.push_str(if inner { "#![" } else { "#[" });
    write_flat(out, body, None);
    out.push(']');
}

fn delimiters(delimiter: Delimiter, empty: bool) -> (&'static str, &'static str) {
    match delimiter {
        Delimiter::Parenthesis => ("(", ")"),
        Delimiter::Bracket => ("[", "]"),
        Delimiter::Brace if empty => ("{", "}"),
        Delimiter::Brace => ("{ ", " }"),
        Delimiter::None => ("", ""),
    }
}

fn is_keyword(atom: &Atom, keyword: &str) -> bool {
    matches!(atom, Atom::Word(Word { kind: WordKind::Keyword, text }) if text == keyword)
}

/// Whether `atoms[index]` is the `.` of a method call (`.name(` or `.name::<`).
fn is_call_dot(atoms: &[Atom], index: usize) -> bool {
    matches!(
        &atoms[index..],
        [Atom::Op(dot), Atom::Word(Word { kind: WordKind::Name, .. }), next, ..]
            if dot == "." && match next {
                Atom::Group(Delimiter::Parenthesis, _) => true,
                Atom::Op(op) => op == "::",
                _ => false,
            }
    )
}

/// The width of what follows a group on its line when the group stays on one: the atoms up to
/// the next place a line may break (`-> Output` after a function's parameters, but not the
/// body). [`WIDTH`] when that does not fit on a line at all.
fn tail_width(atoms: &[Atom]) -> usize {
    // Commas between generic arguments (`-> Map<K, V>`) do not end it: follow the roles.
    let mut state = State::default();
    let mut prev = Prev::Start;
    let end = atoms
        .iter()
        .take(WIDTH)
        .position(|atom| {
            let role = state.role_of(atom, prev);
            let ends = match atom {
                Atom::Op(op) => {
                    let separates = role != Some(Role::Separator) || state.separates();
                    separates && matches!(op.as_str(), ";" | "," | "=" | "=>" | ".")
                }
                Atom::Group(Delimiter::Brace, _) | Atom::Doc { .. } | Atom::Attr { .. } => true,
                atom => is_keyword(atom, "where"),
            };
            state.placed(atom);
            prev = Prev::of(atom, role);
            ends
        })
        .unwrap_or(atoms.len().min(WIDTH));
    if end == 0 {
        return 0;
    }
    let mut flat = String::new();
    if write_flat(&mut flat, &atoms[..end], Some(WIDTH)) {
        flat.len() + 1
    } else {
        WIDTH
    }
}

/// Whether the atom after a `}` continues its statement (`} else`, `};`, `}.map(..)`, `},`).
fn continues(next: Option<&Atom>) -> bool {
    match next {
        Some(Atom::Op(_)) => true,
        Some(atom) => is_keyword(atom, "else") || is_keyword(atom, "as"),
        None => false,
    }
}

/// Whether `atoms` hold a doc line or an attribute at their own level, which needs lines.
fn has_lines(atoms: &[Atom]) -> bool {
    atoms
        .iter()
        .any(|atom| matches!(atom, Atom::Doc { .. } | Atom::Attr { .. }))
}

/// Whether the atoms of a `{...}` are statements: a `;`, or a block followed by more.
fn has_statements(atoms: &[Atom]) -> bool {
    atoms.iter().enumerate().any(|(index, atom)| match atom {
        Atom::Op(op) => op == ";",
        Atom::Group(Delimiter::Brace, _) => {
            index + 1 < atoms.len() && !continues(atoms.get(index + 1))
        }
        _ => false,
    }) || has_lines(atoms)
}

/// Whether a `(...)` or `[...]` has commas at its own level, so its elements can go on lines.
fn has_separator(atoms: &[Atom]) -> bool {
    atoms
        .iter()
        .any(|atom| matches!(atom, Atom::Op(op) if op == ","))
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::super::atoms::atoms;
    use super::lay_out;

    fn text(tokens: proc_macro2::TokenStream) -> String {
        lay_out(&atoms(tokens))
    }

    #[test]
    fn spaces_follow_what_each_operator_is_in_its_place() {
        assert_eq!(
            text(quote!(
                impl<'a, T: ?Sized> Foo<'a, T> for &'a mut Vec<Vec<T>> {}
            )),
            "impl<'a, T: ?Sized> Foo<'a, T> for &'a mut Vec<Vec<T>> {}\n"
        );
        assert_eq!(
            text(quote!(let x = a < b && -c > *d || !e;)),
            "let x = a < b && -c > *d || !e;\n"
        );
        assert_eq!(
            text(quote!(let f = move |a, (b, c)| a.0 + b? - c;)),
            "let f = move |a, (b, c)| a.0 + b? - c;\n"
        );
        assert_eq!(
            text(
                quote!(let v = Vec::<u8>::new(); m!(x); n![y]; pub(crate) fn g(x: fn(u8) -> u8) {})
            ),
            "let v = Vec::<u8>::new();\nm!(x);\nn![y];\npub(crate) fn g(x: fn(u8) -> u8) {}\n"
        );
        assert_eq!(
            text(quote!(
                fn f() -> u8 {
                    if x {
                        1
                    } else {
                        2
                    }
                }
            )),
            "fn f() -> u8 {\n    if x { 1 } else { 2 }\n}\n"
        );
    }

    #[test]
    fn operators_written_together_never_read_as_another_one() {
        // `-` then `>` must not become `->`; `& &` may become `&&`, as it reads the same.
        assert_eq!(text(quote!(f(- > x);)), "f(- > x);\n");
        assert_eq!(text(quote!(f(& &x);)), "f(&&x);\n");
    }

    #[test]
    fn items_and_statements_break_and_short_expressions_stay_on_one_line() {
        let tokens = quote! {
            #![doc = " Inner."]
            /// A struct.
            #[derive(Debug)]
            pub struct S { pub a: u8, #[serde(default)] pub b: Option<u8>, }
            impl S {
                pub fn new() -> Self { S { a: 1, b: None } }
                fn check(&self) where Self: Sized, u8: Copy { match self.a { 1 => {}, _ => g(), } }
            }
            m! { 0; #[doc = " kept as an attribute"] a = "x", }
        };
        let expected = "\
//! Inner.
/// A struct.
#[derive(Debug)]
pub struct S {
    pub a: u8,
    #[serde(default)]
    pub b: Option<u8>,
}
impl S {
    pub fn new() -> Self {
        S { a: 1, b: None }
    }
    fn check(&self)
    where
        Self: Sized,
        u8: Copy
    {
        match self.a {
            1 => {},
            _ => g(),
        }
    }
}
m! {
    0;
    #[doc = \" kept as an attribute\"]
    a = \"x\",
}
";
        assert_eq!(text(tokens), expected);
    }

    #[test]
    fn long_calls_put_one_argument_and_long_chains_one_call_to_a_line() {
        let tokens = quote! {
            fn f() {
                let value = some_function_with_a_long_name(first_argument_value, second_argument_value, third_one);
                f.debug_struct("NameOfTheStruct").field("first_field", &self.first).field("second", &self.second).finish()
            }
        };
        let expected = "\
fn f() {
    let value = some_function_with_a_long_name(
        first_argument_value,
        second_argument_value,
        third_one
    );
    f.debug_struct(\"NameOfTheStruct\")
        .field(\"first_field\", &self.first)
        .field(\"second\", &self.second)
        .finish()
}
";
        assert_eq!(text(tokens), expected);
    }

    #[test]
    fn long_generic_lists_and_attribute_arguments_break_one_to_a_line() {
        let tokens = quote! {
            #[diagnostic::on_unimplemented(message = "a message long enough to need its own line", label = "and a label")]
            pub struct Builder<FirstState = Unset, SecondState = Unset, ThirdState = Unset, FourthState = Unset, Fifth = Unset>(u8);
        };
        let expected = "\
#[diagnostic::on_unimplemented(
    message = \"a message long enough to need its own line\",
    label = \"and a label\"
)]
pub struct Builder<
    FirstState = Unset,
    SecondState = Unset,
    ThirdState = Unset,
    FourthState = Unset,
    Fifth = Unset
>(u8);
";
        assert_eq!(text(tokens), expected);
    }
}
