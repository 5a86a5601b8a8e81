/* Looking words up in a MeCab dictionary file, for pipeline/mecab_dic.py.
 *
 * A process meets tens of thousands of distinct words, each looked up once: numpy walks
 * the double array for all of a text's new words at once but one byte position per step,
 * and Python reads each entry's feature string with a system call of its own.  Both are
 * loops of a few instructions per byte or word here.  mecab_dic.py keeps its numpy and
 * Python versions, used without pipeline/_native.so; a test compares the two.
 */
#include <stdint.h>
#include <string.h>
#include <unistd.h>

/* For each of n words (UTF-8 bytes text[starts[w]] .. text[starts[w + 1] - 1]; starts has
 * n + 1 entries), the first token and the number of tokens of its entry in the double
 * array `units` (size pairs of base, check), or 0 tokens when it is not a word: from node
 * b, byte c leads to unit b + c + 1 if that unit's check is b; after the last byte, unit b
 * holds base -(first << 8 | count) - 1 with check b (Darts, as MeCab builds it). */
int dic_groups(const int32_t *units, int64_t size, const uint8_t *text, const int64_t *starts,
               int64_t n, int64_t *first, int64_t *count)
{
    for (int64_t w = 0; w < n; w++) {
        int64_t b = units[0];
        int alive = 1;
        first[w] = count[w] = 0;
        for (int64_t i = starts[w]; i < starts[w + 1]; i++) {
            int64_t p = b + (int64_t)text[i] + 1;
            if (p < 0 || p >= size || (int64_t)units[2 * p + 1] != b) {
                alive = 0;
                break;
            }
            b = units[2 * p];
        }
        if (!alive || b < 0 || b >= size)
            continue;
        if ((int64_t)units[2 * b + 1] == b && units[2 * b] < 0) {
            int64_t value = -(int64_t)units[2 * b] - 1;
            first[w] = value >> 8;
            count[w] = value & 0xFF;
        }
    }
    return 0;
}

/* The NUL-terminated strings at base + offsets[k] of file fd, copied into out one after the
 * other, each followed by its NUL.  Returns the bytes written, or -1 when out (cap bytes)
 * is too small or a read fails, so that the caller reads them another way. */
int64_t dic_read_strings(int fd, int64_t base, const int64_t *offsets, int64_t n, uint8_t *out,
                         int64_t cap)
{
    int64_t pos = 0;
    for (int64_t k = 0; k < n; k++) {
        int64_t at = base + offsets[k];
        for (;;) {
            int64_t room = cap - pos;
            if (room <= 0)
                return -1;
            int64_t want = room < 256 ? room : 256;
            ssize_t got = pread(fd, out + pos, (size_t)want, (off_t)at);
            if (got <= 0)
                return -1;
            uint8_t *nul = memchr(out + pos, 0, (size_t)got);
            if (nul) {
                pos = (nul - out) + 1;
                break;
            }
            pos += got;
            at += got;
        }
    }
    return pos;
}
