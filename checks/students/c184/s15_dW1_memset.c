/* backward.c
 * ----------
 * Loops only (no BLAS), straight on ->data with the row stride (tda).
 * dW1 is summed up in a static D x H accumulator that is cleared at the
 * start of every call; the accumulator and the hidden buffer are
 * allocated once and again only when the shapes change.
 */
#include <string.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

#define E(m, i, j) ((m)->data[(i) * (m)->tda + (j)])

static gsl_matrix *acc_W1 = NULL;   /* D x H */
static gsl_matrix *dhid = NULL;     /* N x H, dz1 */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, d, h, c;
    double s;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;
    if (acc_W1 == NULL || acc_W1->size1 != D || acc_W1->size2 != H) {
        gsl_matrix_free(acc_W1);
        acc_W1 = gsl_matrix_calloc(D, H);
    }
    if (dhid == NULL || dhid->size1 != N || dhid->size2 != H) {
        gsl_matrix_free(dhid);
        dhid = gsl_matrix_calloc(N, H);
    }

    /* dz2 straight into g */
    for (n = 0; n < N; n++)
        for (c = 0; c < C; c++)
            E(g->dz2, n, c) = (E(cache->prob, n, c) - (c == y[n] ? 1.0 : 0.0)) / N;

    for (h = 0; h < H; h++)
        for (c = 0; c < C; c++) {
            s = 2.0 * reg * E(net->W2, h, c);
            for (n = 0; n < N; n++)
                s += E(cache->p1, n, h) * E(g->dz2, n, c);
            E(g->dW2, h, c) = s;
        }

    for (c = 0; c < C; c++) {
        s = 0.0;
        for (n = 0; n < N; n++)
            s += E(g->dz2, n, c);
        g->db2->data[c * g->db2->stride] = s;
    }

    /* dp1 and dz1 */
    for (n = 0; n < N; n++)
        for (h = 0; h < H; h++) {
            s = 0.0;
            for (c = 0; c < C; c++)
                s += E(g->dz2, n, c) * E(net->W2, h, c);
            E(g->dp1, n, h) = s;
            E(dhid, n, h) = E(cache->z1, n, h) > 0.0 ? s : 0.0;
        }
    gsl_matrix_memcpy(g->dz1, dhid);

    /* dW1: accumulate x_n^T dz1_n over the batch */
    memset(acc_W1->data, 0, acc_W1->size1 * sizeof(double));
    for (n = 0; n < N; n++)
        for (d = 0; d < D; d++)
            for (h = 0; h < H; h++)
                E(acc_W1, d, h) += E(X, n, d) * E(dhid, n, h);
    for (d = 0; d < D; d++)
        for (h = 0; h < H; h++)
            E(g->dW1, d, h) = E(acc_W1, d, h) + 2.0 * reg * E(net->W1, d, h);

    for (h = 0; h < H; h++) {
        s = 0.0;
        for (n = 0; n < N; n++)
            s += E(dhid, n, h);
        g->db1->data[h * g->db1->stride] = s;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
