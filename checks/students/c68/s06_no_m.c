/* backward.c -- hand-written backprop, two-layer net
 *
 * One sample per row here (not per column like in the lectures), so
 * "sum over axis=1" of the course is a sum over the rows i below.
 *
 * The 1/m: in the course it is in dW and db, but then it would have to be
 * in dA1 too, so I moved it: it goes once, into dZ2, and everything
 * after that is a plain product/sum without 1/m.
 */
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

#define GET gsl_matrix_get
#define SET gsl_matrix_set

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t m = X->size1, n_x = net->D, n_h = net->H, n_y = net->C;
    size_t i, j, k;
    double lambd = reg, s;

    /* dZ2 = A2 - Y */
    for (i = 0; i < m; i++) {
        for (k = 0; k < n_y; k++) {
            double Yik = (k == y[i]) ? 1.0 : 0.0;
            SET(g->dz2, i, k, GET(cache->prob, i, k) - Yik);
        }
    }

    /* dW2 (n_h, n_y) and db2 */
    for (j = 0; j < n_h; j++) {
        for (k = 0; k < n_y; k++) {
            s = 0.0;
            for (i = 0; i < m; i++)
                s += GET(cache->p1, i, j) * GET(g->dz2, i, k);
            SET(g->dW2, j, k, s + 2 * lambd * GET(net->W2, j, k));
        }
    }
    for (k = 0; k < n_y; k++) {
        s = 0.0;
        for (i = 0; i < m; i++)
            s += GET(g->dz2, i, k);
        gsl_vector_set(g->db2, k, s);
    }

    /* dA1 = dZ2 . W2^T */
    for (i = 0; i < m; i++) {
        for (j = 0; j < n_h; j++) {
            s = 0.0;
            for (k = 0; k < n_y; k++)
                s += GET(g->dz2, i, k) * GET(net->W2, j, k);
            SET(g->dp1, i, j, s);
        }
    }

    /* dZ1 */
    for (i = 0; i < m; i++)
        for (j = 0; j < n_h; j++)
            SET(g->dz1, i, j, GET(cache->z1, i, j) > 0 ? GET(g->dp1, i, j) : 0.0);

    /* dW1 (n_x, n_h) */
    for (k = 0; k < n_x; k++) {
        for (j = 0; j < n_h; j++) {
            s = 0.0;
            for (i = 0; i < m; i++)
                s += GET(X, i, k) * GET(g->dz1, i, j);
            SET(g->dW1, k, j, s + 2 * lambd * GET(net->W1, k, j));
        }
    }

    /* db1 */
    for (j = 0; j < n_h; j++) {
        s = 0.0;
        for (i = 0; i < m; i++)
            s += GET(g->dz1, i, j);
        gsl_vector_set(g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
