/* Two-layer net, backward.
 * Compact version: one helper for the flat index, everything in loops.
 * The relu is handled while going back through W2 (no point storing a
 * gradient for units that were off).
 */
#include "backprop.h"

static size_t at(size_t r, size_t c, size_t ncols) { return r * ncols + c; }

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C, i, j, k;
    double *dz2 = g->dz2->data, *dp1 = g->dp1->data, *dz1 = g->dz1->data;
    const double *z1 = cache->z1->data, *w2 = net->W2->data;

    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            dz2[at(i, k, C)] = (cache->prob->data[at(i, k, C)] - (k == y[i] ? 1 : 0)) / (double)N;

    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double s = 0;
            for (i = 0; i < N; i++) s += cache->p1->data[at(i, j, H)] * dz2[at(i, k, C)];
            g->dW2->data[at(j, k, C)] = s + 2 * reg * w2[at(j, k, C)];
        }
    for (k = 0; k < C; k++) {
        double s = 0;
        for (i = 0; i < N; i++) s += dz2[at(i, k, C)];
        g->db2->data[k] = s;
    }

    /* back through W2 (dead units get nothing) */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double s = 0;
            for (k = 0; k < C; k++) s += dz2[at(i, k, C)] * w2[at(j, k, C)];
            dp1[at(i, j, H)] = z1[at(i, j, H)] > 0 ? s : 0;
        }

    /* relu: already done above, dz1 is just dp1 */
    for (i = 0; i < N * H; i++)
        dz1[i] = dp1[i];

    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++) {
            double s = 0;
            for (k = 0; k < N; k++) s += X->data[at(k, i, D)] * dz1[at(k, j, H)];
            g->dW1->data[at(i, j, H)] = s + 2 * reg * net->W1->data[at(i, j, H)];
        }
    for (j = 0; j < H; j++) {
        double s = 0;
        for (i = 0; i < N; i++) s += dz1[at(i, j, H)];
        g->db1->data[j] = s;
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
