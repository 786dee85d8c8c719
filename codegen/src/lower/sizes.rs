//! Enum variants of very different sizes: a `oneOf` whose branches, or an operation's status
//! enum whose bodies, differ by hundreds of bytes make every value as large as the largest
//! (clippy's `large_enum_variant`). Lowering boxes the largest variant while it is far larger
//! than the next one (and an error enum while it is larger than `result_large_err` allows), judged
//! on bounds of each type's size that hold on 64-bit targets with any feature set (see
//! `docs/decisions/016-hostile-classes.md`).

use crate::ir::{Operation, Presence, Shape, Ty, TypeDef, TypeId, TypeKind};

/// clippy's default `enum-variant-size-threshold`: the difference in bytes between the largest
/// and the second largest variant from which it asks for a box.
pub const VARIANT_SIZE_THRESHOLD: u64 = 200;

/// The largest an operation's error enum `E` may be: `parse_*` returns
/// `Result<_, Error<E>>`, and clippy's `result_large_err` asks for a box from an error of 128
/// bytes (its default `large-error-threshold`). `Error::Api` holds `E` and an 8-byte boxed
/// `ResponseInfo`, its tag takes one of the spare values of `E`'s tag (rustc's niche layout), and
/// its other variants are smaller, so `Error<E>` is at most 128 bytes. That is still at the
/// lint's threshold, so `parse_*` allows `result_large_err` (emit/operations.rs): boxing the
/// body there would make `Error::Api { error: <Op>Error::<Status>(body), .. }` unmatchable.
pub const ERROR_ENUM_LIMIT: u64 = 120;

/// Lower and upper bounds of a value's size in bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    pub low: u64,
    pub high: u64,
    /// Surely has a niche: `Option` of it is no larger (a `String`, `Vec`, `Box`, `bool`, or a
    /// struct holding one).
    pub niche: bool,
}

impl Bounds {
    const fn exact(size: u64) -> Self {
        Bounds {
            low: size,
            high: size,
            niche: false,
        }
    }

    #[cfg(test)]
    const fn with_niche_cleared(self) -> Self {
        Bounds {
            niche: false,
            ..self
        }
    }

    const fn with_niche(self) -> Self {
        Bounds {
            niche: true,
            ..self
        }
    }
}

/// A pointer (`Box`).
const POINTER: Bounds = Bounds::exact(8).with_niche();
/// `String`, `Vec`: pointer, capacity (whose spare values are a niche) and length.
const VEC: Bounds = Bounds::exact(24).with_niche();
/// `BTreeMap`: root, height and length (no niche is counted on).
const MAP: Bounds = Bounds::exact(24);
/// `serde_json::Map`: a `BTreeMap`, or with serde_json's `preserve_order` (which any crate in
/// the build can turn on) an `IndexMap` of 72 bytes.
const JSON_MAP: Bounds = Bounds {
    low: 24,
    high: 72,
    niche: false,
};
/// `serde_json::Value`: the map plus a tag.
const JSON_VALUE: Bounds = Bounds {
    low: 24,
    high: 80,
    niche: false,
};

/// Sizes of the module's named types, computed on demand.
struct Sizes<'t> {
    types: &'t [TypeDef],
    known: Vec<Option<Bounds>>,
    visiting: Vec<bool>,
}

impl Sizes<'_> {
    fn of_type(&mut self, id: TypeId) -> Bounds {
        if let Some(bounds) = self.known[id.0] {
            return bounds;
        }
        // A type inside itself is always behind a `Box`, `Vec` or map (the cycle pass saw to
        // it), so this is never reached on a real path; a pointer keeps the pass total.
        if std::mem::replace(&mut self.visiting[id.0], true) {
            return POINTER;
        }
        let types = self.types;
        let bounds = match &types[id.0].kind {
            TypeKind::Struct(s) => {
                let mut total = Bounds::exact(0);
                for field in &s.fields {
                    let one = if field.boxed {
                        POINTER
                    } else {
                        let value = self.of_shape(&field.shape);
                        match field.presence {
                            Presence::Required | Presence::Flattened => value,
                            Presence::RequiredNullable | Presence::Optional => optional(value),
                            Presence::OptionalNullable => optional(optional(value)),
                        }
                    };
                    total.low += one.low;
                    total.high += round_up(one.high);
                    total.niche |= one.niche;
                }
                total
            }
            // The catch-all holds a `String`, whose spare capacity values also tell the other
            // variants (and `None` of an `Option` around it) apart.
            TypeKind::Enum(_) => VEC,
            TypeKind::Union(u) => {
                let variants: Vec<Bounds> = u
                    .variants
                    .iter()
                    .map(|v| {
                        if v.boxed {
                            POINTER
                        } else {
                            self.of_shape(&v.shape)
                        }
                    })
                    .collect();
                tagged(&variants)
            }
            // The value variant holds the value and a one-byte `FlagPresence`.
            TypeKind::Conditional(c) => {
                let value = self.of_shape(&c.dependent_shape);
                Bounds {
                    low: value.low + 1,
                    high: round_up(value.high) + 16,
                    niche: false,
                }
            }
            TypeKind::Alias(shape) | TypeKind::Newtype(shape) => self.of_shape(shape),
        };
        self.known[id.0] = Some(bounds);
        bounds
    }

    fn of_shape(&mut self, shape: &Shape) -> Bounds {
        match &shape.ty {
            Ty::Named(id) => self.of_type(*id),
            Ty::String | Ty::List(_) => VEC,
            Ty::Map(_) => MAP,
            Ty::Integer | Ty::Number => Bounds::exact(8),
            Ty::Boolean => Bounds::exact(1).with_niche(),
            Ty::Any => JSON_VALUE,
            Ty::JsonObject => JSON_MAP,
        }
    }
}

/// `Option<T>`: the size of `T` when it has a niche (then `Option<Option<T>>` is counted a
/// word more, as its niche may be used up), otherwise at most a word more.
fn optional(value: Bounds) -> Bounds {
    if value.niche {
        return Bounds {
            niche: false,
            ..value
        };
    }
    Bounds {
        low: value.low,
        high: round_up(value.high) + 8,
        niche: false,
    }
}

/// An enum of these variants: at least its largest, at most its largest plus a word of tag.
fn tagged(variants: &[Bounds]) -> Bounds {
    Bounds {
        low: variants.iter().map(|b| b.low).max().unwrap_or(0),
        high: variants.iter().map(|b| round_up(b.high)).max().unwrap_or(0) + 8,
        niche: false,
    }
}

/// Rounded up to a whole word, the most padding a field can need.
fn round_up(size: u64) -> u64 {
    size.div_ceil(8) * 8
}

/// Which of `variants` (their size bounds, `None` for a variant without a value) to box: the
/// largest, while it may exceed the next largest by the threshold or more, or the enum may be
/// larger than `limit`. Only bounds are compared, so whenever clippy would find a variant too
/// large, it is boxed (and, where the bounds are loose, at worst one more).
fn to_box(variants: &[Option<Bounds>], limit: Option<u64>) -> Vec<usize> {
    let mut sizes: Vec<(usize, Bounds)> = variants
        .iter()
        .enumerate()
        .map(|(index, b)| (index, b.unwrap_or(Bounds::exact(0))))
        .collect();
    let mut boxed = Vec::new();
    while sizes.len() >= 2 || (limit.is_some() && !sizes.is_empty()) {
        // Largest by upper bound first; ties by declaration order, so the result is stable.
        sizes.sort_by(|a, b| b.1.high.cmp(&a.1.high).then(a.0.cmp(&b.0)));
        let (largest, bounds) = sizes[0];
        let second_low = sizes[1..].iter().map(|(_, b)| b.low).max().unwrap_or(0);
        let too_different = bounds.high.saturating_sub(second_low) >= VARIANT_SIZE_THRESHOLD;
        let all: Vec<Bounds> = sizes.iter().map(|(_, b)| *b).collect();
        let too_large = limit.is_some_and(|limit| tagged(&all).high > limit);
        if !(too_different || too_large) || bounds.high <= 8 {
            break;
        }
        boxed.push(largest);
        sizes[0].1 = POINTER;
    }
    boxed.sort_unstable();
    boxed
}

/// Boxes the union variants and status enum bodies that would make their enum far larger than
/// its other variants.
pub fn box_large_variants(types: &mut [TypeDef], operations: &mut [Operation]) {
    let mut sizes = Sizes {
        types,
        known: vec![None; types.len()],
        visiting: vec![false; types.len()],
    };
    // Decide everything on the sizes before any box (boxing one enum's variant can only shrink
    // another type, so a box decided here is never wrong, at worst one more than needed).
    let mut union_boxes: Vec<(usize, Vec<usize>)> = Vec::new();
    for (index, def) in types.iter().enumerate() {
        if let TypeKind::Union(u) = &def.kind {
            let variants: Vec<Option<Bounds>> = u
                .variants
                .iter()
                .map(|v| {
                    Some(if v.boxed {
                        POINTER
                    } else {
                        sizes.of_shape(&v.shape)
                    })
                })
                .collect();
            union_boxes.push((index, to_box(&variants, None)));
        }
    }
    let mut response_boxes: Vec<Vec<usize>> = Vec::new();
    for op in operations.iter() {
        let mut boxes = Vec::new();
        // The error enum, and the success enum when there is one (a single success is no enum).
        for success in [false, true] {
            if (success && op.success_enum.is_none()) || (!success && op.error_enum.is_none()) {
                continue;
            }
            let members: Vec<usize> = (0..op.responses.len())
                .filter(|i| op.responses[*i].is_success() == success)
                .collect();
            let variants: Vec<Option<Bounds>> = members
                .iter()
                .map(|i| op.responses[*i].body.as_ref().map(|b| sizes.of_shape(b)))
                .collect();
            let limit = (!success).then_some(ERROR_ENUM_LIMIT);
            boxes.extend(to_box(&variants, limit).into_iter().map(|k| members[k]));
        }
        response_boxes.push(boxes);
    }
    // A flag conditional's value variant is the usual one: allowed to be large rather than boxed.
    let large_values: Vec<usize> = (0..types.len())
        .filter(|index| match &types[*index].kind {
            TypeKind::Conditional(c) => {
                sizes.of_shape(&c.dependent_shape).high + 1 >= VARIANT_SIZE_THRESHOLD
            }
            _ => false,
        })
        .collect();
    for index in large_values {
        if let TypeKind::Conditional(c) = &mut types[index].kind {
            c.large_value = true;
        }
    }
    for (index, boxes) in union_boxes {
        if let TypeKind::Union(u) = &mut types[index].kind {
            for variant in boxes {
                u.variants[variant].boxed = true;
            }
        }
    }
    for (op, boxes) in operations.iter_mut().zip(response_boxes) {
        for response in boxes {
            op.responses[response].boxed = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(low: u64, high: u64) -> Option<Bounds> {
        Some(Bounds {
            low,
            high,
            niche: false,
        })
    }

    #[test]
    fn the_largest_variant_is_boxed_only_when_far_larger() {
        // String against a 40-field struct of strings: boxed.
        assert_eq!(to_box(&[b(24, 24), b(960, 960)], None), [1]);
        // Close sizes: nothing.
        assert_eq!(to_box(&[b(24, 24), b(200, 200)], None), Vec::<usize>::new());
        assert_eq!(
            to_box(&[b(300, 300), b(400, 400)], None),
            Vec::<usize>::new()
        );
        // Two large ones over a small one: the larger alone is not too far from the other.
        assert_eq!(
            to_box(&[b(8, 8), b(500, 500), b(600, 600)], None),
            Vec::<usize>::new()
        );
        // After boxing the largest, the next may still be too large.
        assert_eq!(to_box(&[b(1000, 1000), b(8, 8), b(600, 600)], None), [0, 2]);
        // A variant without a value counts as empty.
        assert_eq!(to_box(&[None, b(300, 300)], None), [1]);
        // Bounds, not sizes: boxed when the bounds allow a difference of the threshold.
        assert_eq!(to_box(&[b(24, 24), b(150, 230)], None), [1]);
        // An optional string is no larger than a string; an optional number a word more.
        assert_eq!(optional(VEC), VEC.with_niche_cleared());
        assert_eq!(optional(Bounds::exact(8)).high, 16);
        assert_eq!(optional(optional(VEC)).high, 32);
        // Fewer than two variants: nothing to compare.
        assert_eq!(to_box(&[b(1000, 1000)], None), Vec::<usize>::new());
        // An error enum is kept under the limit, even with one variant.
        assert_eq!(to_box(&[b(1000, 1000)], Some(ERROR_ENUM_LIMIT)), [0]);
        assert_eq!(
            to_box(&[b(96, 96), b(24, 24)], Some(ERROR_ENUM_LIMIT)),
            Vec::<usize>::new()
        );
        assert_eq!(
            to_box(&[b(96, 112), b(24, 24)], Some(ERROR_ENUM_LIMIT)),
            Vec::<usize>::new()
        );
        assert_eq!(
            to_box(&[b(96, 113), b(24, 24)], Some(ERROR_ENUM_LIMIT)),
            [0]
        );
        assert_eq!(
            to_box(&[b(100, 100), b(110, 110), None], Some(ERROR_ENUM_LIMIT)),
            Vec::<usize>::new()
        );
        assert_eq!(
            to_box(&[b(100, 100), b(113, 113), None], Some(ERROR_ENUM_LIMIT)),
            [1]
        );
    }
}
