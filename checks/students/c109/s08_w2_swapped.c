/* ML course, lab 5: backward pass.
 * AT(m,r,c) reads/writes entry (r,c) of a gsl matrix through its data
 * pointer (row major, tda = row stride).
 */
#include "backprop.h"

#define AT(m, r, c) ((m)->data[(r) * (m)->tda + (c)])

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int
backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
         double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    double inv_n = 1.0 / (double) N;

    /* softmax + cross entropy: prob minus one hot, over N */
    for (i = 0; i < N; i++) {
        for (k = 0; k < C; k++)
            AT(g->dz2, i, k) = AT(cache->prob, i, k) * inv_n;
        AT(g->dz2, i, y[i]) -= inv_n;
    }

    /* second layer: dW2 = p1^T dz2 + 2 reg W2, db2 = sum_i dz2 */
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++) {
            double s = 2.0 * reg * AT(net->W2, j, k);
            for (i = 0; i < N; i++)
                s += AT(cache->p1, i, j) * AT(g->dz2, i, k);
            AT(g->dW2, j, k) = s;
        }
    for (k = 0; k < C; k++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += AT(g->dz2, i, k);
        gsl_vector_set(g->db2, k, s);
    }

    /* dp1 = dz2 * W2^T */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            double s = 0.0;
            for (k = 0; k < C; k++)
                s += AT(g->dz2, i, k) * AT(net->W2, k, j);   /* W2 transposed */
            AT(g->dp1, i, j) = s;
        }

    /* relu backward */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            AT(g->dz1, i, j) = (AT(cache->z1, i, j) > 0.0) * AT(g->dp1, i, j);

    /* first layer */
    for (i = 0; i < D; i++)
        for (j = 0; j < H; j++) {
            double s = 2.0 * reg * AT(net->W1, i, j);
            for (k = 0; k < N; k++)
                s += AT(X, k, i) * AT(g->dz1, k, j);
            AT(g->dW1, i, j) = s;
        }
    for (j = 0; j < H; j++) {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += AT(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
