/* backward.c -- Homework 5, two layer net, back propagation.
 *
 * I keep p1^T and X^T as temporaries so that the sums in eq. (4.2) and
 * (4.6) run along rows (better for the cache, lecture 7).
 */
#include <gsl/gsl_matrix.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    gsl_matrix *p1T, *XT;
    size_t N, D, H, C;
    size_t i, h, k, d;
    double s;

    N = X->size1;  D = net->D;  H = net->H;  C = net->C;
    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    p1T = gsl_matrix_alloc(H, N);
    XT  = gsl_matrix_alloc(D, N);
    gsl_matrix_transpose_memcpy(p1T, cache->p1);
    gsl_matrix_transpose_memcpy(XT, X);

    /* (4.1)  dz2 = (prob - onehot)/N */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
            gsl_matrix_set(g->dz2, i, k,
                           (gsl_matrix_get(cache->prob, i, k) - (k == y[i]))
                           / (double) N);

    /* (4.2)  dW2 = p1^T dz2 + 2 reg W2 */
    gsl_matrix_set_zero(g->dW2);
    h = 0;
    while (h < H - 1) {
        for (k = 0; k < C; k++) {
            s = 0.0;
            for (i = 0; i < N; i++)
                s += gsl_matrix_get(p1T, h, i) * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dW2, h, k,
                           s + 2.0e0 * reg * gsl_matrix_get(net->W2, h, k));
        }
        h++;
    }

    /* (4.3)  db2 */
    for (k = 0; k < C; k++) {
        s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, s);
    }

    /* (4.4), (4.5)  dp1 = dz2 W2^T,  dz1 = dp1 * [z1 > 0] */
    for (i = 0; i < N; i++) {
        for (h = 0; h < H; h++) {
            s = 0.0;
            for (k = 0; k < C; k++)
                s += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, h, k);
            gsl_matrix_set(g->dp1, i, h, s);
            if (gsl_matrix_get(cache->z1, i, h) <= 0.0)
                s = 0.0;
            gsl_matrix_set(g->dz1, i, h, s);
        }
    }

    /* (4.6)  dW1 = X^T dz1 + 2 reg W1 */
    d = 0;
    while (d < D) {
        for (h = 0; h < H; h++) {
            s = 0.0;
            for (i = 0; i < N; i++)
                s += gsl_matrix_get(XT, d, i) * gsl_matrix_get(g->dz1, i, h);
            gsl_matrix_set(g->dW1, d, h,
                           s + 2.0e0 * reg * gsl_matrix_get(net->W1, d, h));
        }
        d++;
    }

    /* (4.7)  db1 */
    for (h = 0; h < H; h++) {
        s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get(g->dz1, i, h);
        gsl_vector_set(g->db1, h, s);
    }

    gsl_matrix_free(p1T);
    gsl_matrix_free(XT);
    g->present = BP_GRADS_ALL;
    return 0;
}
