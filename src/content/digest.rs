//! The fingerprint of a campaign folder, taken as its files are read, so it
//! is of exactly the bytes that were built from. Here, in the load stage,
//! because loading is where the bytes are; [`crate::fingerprint`] compares
//! the results between builds.
//!
//! 128-bit XXH3: fast (gigabytes a second), stable across platforms and
//! releases, and far from colliding by chance; it does not need to resist
//! someone forging a collision.

use xxhash_rust::xxh3::Xxh3;

/// A hash of a sequence of named byte strings; names are hashed with their
/// lengths, so moving bytes from one part to the next changes the hash.
#[derive(Default)]
pub struct Digest(Xxh3);

impl Digest {
    pub fn add(&mut self, name: &str, bytes: &[u8]) {
        for part in [name.as_bytes(), bytes] {
            self.0.update(&(part.len() as u64).to_le_bytes());
            self.0.update(part);
        }
    }

    pub fn finish(&self) -> u128 {
        self.0.digest128()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digest_separates_names_from_bytes() {
        let hash = |parts: &[(&str, &[u8])]| {
            let mut d = Digest::default();
            parts.iter().for_each(|(n, b)| d.add(n, b));
            d.finish()
        };
        assert_ne!(hash(&[("ab", b"c")]), hash(&[("a", b"bc")]));
        assert_ne!(
            hash(&[("a", b"1"), ("b", b"")]),
            hash(&[("a", b""), ("b", b"1")])
        );
        assert_eq!(hash(&[("a", b"1")]), hash(&[("a", b"1")]));
    }
}
