/* Viterbi and forward-backward for pipeline/crf.py, one sequence at a time.
 *
 * numpy runs these over many sequences at once, one position per step, and pays a dozen
 * array calls per step: most of the organisation model's time after the emissions.  A loop
 * over the labels in C costs a few nanoseconds per token and label pair instead.
 * `make setup` compiles it into pipeline/_native.so (plain C, no Python API, loaded by
 * pipeline/native.py); without it, crf.py runs its numpy code, which gives the same labels
 * (a test runs both).
 *
 * Arrays are C-contiguous: emissions (n, k) float64, transitions (k, k) float64 with
 * transitions[i * k + j] the weight of label i followed by label j; a sequence is the rows
 * starts[s] .. starts[s] + lengths[s] - 1, every length at least 1.  Both return 0, or -1
 * when memory runs out.
 */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static int64_t longest(const int64_t *lengths, int64_t n_seq)
{
    int64_t top = 1;
    for (int64_t s = 0; s < n_seq; s++)
        if (lengths[s] > top)
            top = lengths[s];
    return top;
}

/* Best label per row, as crf.Model.viterbi: the sum of the previous score and the
 * transition first, then the emission; of equal scores the lowest label wins (numpy's
 * argmax), in the maximum over previous labels and in the final one. */
int crf_viterbi(const double *em, int64_t k, const int64_t *starts, const int64_t *lengths,
                int64_t n_seq, const double *trans, int16_t *out)
{
    int64_t top = longest(lengths, n_seq);
    double *buf = malloc(2 * k * sizeof(double));
    int16_t *back = malloc(top * k * sizeof(int16_t));
    if (!buf || !back) {
        free(buf);
        free(back);
        return -1;
    }
    double *delta = buf, *next = buf + k;
    for (int64_t s = 0; s < n_seq; s++) {
        const double *row = em + starts[s] * k;
        int64_t len = lengths[s];
        memcpy(delta, row, k * sizeof(double));
        for (int64_t t = 1; t < len; t++) {
            row += k;
            for (int64_t j = 0; j < k; j++) {
                int64_t best = 0;
                double score = delta[0] + trans[j];
                for (int64_t i = 1; i < k; i++) {
                    double v = delta[i] + trans[i * k + j];
                    if (v > score) {
                        score = v;
                        best = i;
                    }
                }
                next[j] = score + row[j];
                back[t * k + j] = (int16_t)best;
            }
            double *swap = delta;
            delta = next;
            next = swap;
        }
        int64_t cur = 0;
        for (int64_t j = 1; j < k; j++)
            if (delta[j] > delta[cur])
                cur = j;
        int16_t *o = out + starts[s];
        for (int64_t t = len - 1; t >= 0; t--) {
            o[t] = (int16_t)cur;
            if (t > 0)
                cur = back[t * k + cur];
        }
    }
    free(buf);
    free(back);
    return 0;
}

/* P(label at row | its sequence), as crf.Model.marginals: potentials exp(emission - the
 * row's maximum), alpha and beta rescaled to sum 1 at every step (a constant per step
 * cancels in the final normalisation), probs = alpha * beta normalised per row (a row
 * whose product is all zero stays zero). */
int crf_marginals(const double *em, int64_t k, const int64_t *starts, const int64_t *lengths,
                  int64_t n_seq, const double *trans, double *probs)
{
    int64_t top = longest(lengths, n_seq);
    double *expt = malloc(k * k * sizeof(double));
    double *pot = malloc(top * k * sizeof(double));
    double *alpha = malloc(top * k * sizeof(double));
    double *beta = malloc(2 * k * sizeof(double));
    if (!expt || !pot || !alpha || !beta) {
        free(expt);
        free(pot);
        free(alpha);
        free(beta);
        return -1;
    }
    double *tmp = beta + k;
    for (int64_t i = 0; i < k * k; i++)
        expt[i] = exp(trans[i]);
    for (int64_t s = 0; s < n_seq; s++) {
        const double *e = em + starts[s] * k;
        double *p = probs + starts[s] * k;
        int64_t len = lengths[s];
        for (int64_t t = 0; t < len; t++) {
            double m = e[t * k];
            for (int64_t j = 1; j < k; j++)
                if (e[t * k + j] > m)
                    m = e[t * k + j];
            for (int64_t j = 0; j < k; j++)
                pot[t * k + j] = exp(e[t * k + j] - m);
        }
        /* forward */
        double sum = 0.0;
        for (int64_t j = 0; j < k; j++)
            sum += pot[j];
        for (int64_t j = 0; j < k; j++)
            alpha[j] = sum > 0 ? pot[j] / sum : 0.0;
        for (int64_t t = 1; t < len; t++) {
            const double *a = alpha + (t - 1) * k;
            double *b = alpha + t * k;
            sum = 0.0;
            for (int64_t j = 0; j < k; j++) {
                double v = 0.0;
                for (int64_t i = 0; i < k; i++)
                    v += a[i] * expt[i * k + j];
                b[j] = v * pot[t * k + j];
                sum += b[j];
            }
            if (sum > 0)
                for (int64_t j = 0; j < k; j++)
                    b[j] /= sum;
        }
        /* backward, each row's marginals as soon as its beta is known */
        for (int64_t j = 0; j < k; j++)
            beta[j] = 1.0;
        for (int64_t t = len - 1; t >= 0; t--) {
            if (t < len - 1) {
                for (int64_t j = 0; j < k; j++)
                    tmp[j] = pot[(t + 1) * k + j] * beta[j];
                sum = 0.0;
                for (int64_t i = 0; i < k; i++) {
                    double v = 0.0;
                    for (int64_t j = 0; j < k; j++)
                        v += expt[i * k + j] * tmp[j];
                    beta[i] = v;
                    sum += v;
                }
                if (sum > 0)
                    for (int64_t i = 0; i < k; i++)
                        beta[i] /= sum;
            }
            double total = 0.0;
            for (int64_t j = 0; j < k; j++)
                total += alpha[t * k + j] * beta[j];
            for (int64_t j = 0; j < k; j++)
                p[t * k + j] = total > 0 ? alpha[t * k + j] * beta[j] / total : 0.0;
        }
    }
    free(expt);
    free(pot);
    free(alpha);
    free(beta);
    return 0;
}
