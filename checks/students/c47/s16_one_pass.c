/* backward.c -- "one pass" version
 *
 * My first version had seven separate loops and was slow, so I merged
 * the hidden layer into one loop over the samples (a forum thread on
 * loop fusion).  g_row is a scratch row shared by all calls.
 */

#include <string.h>
#include "backprop.h"

#define AT(m,i,j) ((m)->data[(i) * (m)->tda + (j)])
#define SCRATCH 4096

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static double g_row[SCRATCH];

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, h, c, d;
    double v;

    if (H > SCRATCH) return 1;

    /* ---- output layer ---- */
    for (n = 0; n < N; n++) {
        for (c = 0; c < C; c++)
            AT(g->dz2, n, c) = AT(cache->prob, n, c) / N;
        AT(g->dz2, n, y[n]) -= 1.0 / N;
    }
    for (h = 0; h < H; h++)
        for (c = 0; c < C; c++) {
            v = 2.0 * reg * AT(net->W2, h, c);
            for (n = 0; n < N; n++)
                v += AT(cache->p1, n, h) * AT(g->dz2, n, c);
            AT(g->dW2, h, c) = v;
        }
    for (c = 0; c < C; c++) {
        v = 0.0;
        n = 0;
        do {
            v += AT(g->dz2, n, c);
        } while (++n < N);
        gsl_vector_set(g->db2, c, v);
    }

    /* ---- hidden layer, fused ---- */
    memset(g->db1->data, 0, H * sizeof(double));
    for (n = 0; n < N; n++) {
        for (h = 0; h < H; h++) {
            g_row[h] = 0.0;
            for (c = 0; c < C; c++)
                g_row[h] += AT(g->dz2, n, c) * AT(net->W2, h, c);
        }
        for (h = 0; h < H; h++) {
            v = g_row[h];
            AT(g->dp1, n, h) = v;
            g->db1->data[h] += v;
            AT(g->dz1, n, h) = AT(cache->z1, n, h) > 0.0 ? v : 0.0;
        }
    }

    /* ---- dW1 ---- */
    for (d = 0; d < D; d++)
        for (h = 0; h < H; h++) {
            v = 2.0 * reg * AT(net->W1, d, h);
            for (n = 0; n < N; n++)
                v += AT(X, n, d) * AT(g->dz1, n, h);
            AT(g->dW1, d, h) = v;
        }

    g->present = BP_GRADS_ALL;
    return 0;
}
