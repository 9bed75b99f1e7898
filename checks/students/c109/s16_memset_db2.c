/* backward.c -- my backprop.
 *
 * Gradients are accumulated sample by sample (like in the lecture
 * pseudo-code): clear them, then loop over the batch once and add each
 * sample's contribution.  Indexing through the data pointers directly.
 */
#include <string.h>
#include "backprop.h"

#define A(m,i,j) ((m)->data[(i)*(m)->tda + (j)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t n, d, h, c;
    double *db1 = g->db1->data, *db2 = g->db2->data;

    /* clear the accumulators; the weight gradients start at the reg term */
    for (h = 0; h < H; h++)
        for (c = 0; c < C; c++)
            A(g->dW2, h, c) = 2.0 * reg * A(net->W2, h, c);
    for (d = 0; d < D; d++)
        for (h = 0; h < H; h++)
            A(g->dW1, d, h) = 2.0 * reg * A(net->W1, d, h);
    memset(db2, 0, C);
    memset(db1, 0, H * sizeof(double));

    for (n = 0; n < N; n++) {
        /* output layer */
        for (c = 0; c < C; c++) {
            double dz = (A(cache->prob, n, c) - (c == y[n])) / N;
            A(g->dz2, n, c) = dz;
            db2[c] += dz;
            for (h = 0; h < H; h++)
                A(g->dW2, h, c) += A(cache->p1, n, h) * dz;
        }
        /* hidden layer */
        for (h = 0; h < H; h++) {
            double s = 0.0;
            for (c = 0; c < C; c++)
                s += A(g->dz2, n, c) * A(net->W2, h, c);
            A(g->dp1, n, h) = s;
            A(g->dz1, n, h) = A(cache->z1, n, h) > 0 ? s : 0.0;
            db1[h] += A(g->dz1, n, h);
            for (d = 0; d < D; d++)
                A(g->dW1, d, h) += A(X, n, d) * A(g->dz1, n, h);
        }
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
