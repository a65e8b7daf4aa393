//! Small helpers over lopdf objects: bounded dereferencing and typed look-ups that never fail
//! loudly (a missing or mistyped entry is simply absent).

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

/// Most references followed to reach one object (`1 0 R` → `2 0 R` → …).
const MAX_HOPS: usize = 16;

/// The object `obj` refers to (following a bounded chain of references), with the id of the
/// last reference followed.
pub fn resolve<'a>(doc: &'a Document, obj: &'a Object) -> (Option<ObjectId>, &'a Object) {
    let mut current = obj;
    let mut id = None;
    for _ in 0..MAX_HOPS {
        match current {
            Object::Reference(r) => match doc.objects.get(r) {
                Some(next) => {
                    id = Some(*r);
                    current = next;
                }
                None => return (id, &Object::Null),
            },
            _ => return (id, current),
        }
    }
    (id, &Object::Null)
}

/// The entry `key` of `dict`, dereferenced.
pub fn get<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let obj = dict.get(key).ok()?;
    match resolve(doc, obj).1 {
        Object::Null => None,
        other => Some(other),
    }
}

/// The entry `key` of `dict` as a dictionary (a stream's dictionary counts).
pub fn dict<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Dictionary> {
    as_dict(get(doc, dict, key)?)
}

/// The object as a dictionary (a stream's dictionary counts).
pub fn as_dict(obj: &Object) -> Option<&Dictionary> {
    match obj {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

/// The entry `key` of `dict` as a stream.
pub fn stream<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Stream> {
    match get(doc, dict, key)? {
        Object::Stream(s) => Some(s),
        _ => None,
    }
}

/// The entry `key` of `dict` as a name.
pub fn name<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    match get(doc, dict, key)? {
        Object::Name(n) => Some(n),
        _ => None,
    }
}

/// The object as a finite number.
pub fn as_num(doc: &Document, obj: &Object) -> Option<f64> {
    let n = match resolve(doc, obj).1 {
        Object::Integer(i) => *i as f64,
        Object::Real(r) => f64::from(*r),
        _ => return None,
    };
    n.is_finite().then_some(n)
}

/// The entry `key` of `dict` as a finite number.
pub fn num(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<f64> {
    as_num(doc, dict.get(key).ok()?)
}

/// The entry `key` of `dict` as an array.
pub fn array<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [Object]> {
    match get(doc, dict, key)? {
        Object::Array(a) => Some(a),
        _ => None,
    }
}

/// The entry `key` of `dict` as an array of exactly `N` numbers.
pub fn numbers<const N: usize>(doc: &Document, dict: &Dictionary, key: &[u8]) -> Option<[f64; N]> {
    let items = array(doc, dict, key)?;
    if items.len() != N {
        return None;
    }
    let mut out = [0.0; N];
    for (slot, item) in out.iter_mut().zip(items) {
        *slot = as_num(doc, item)?;
    }
    Some(out)
}
