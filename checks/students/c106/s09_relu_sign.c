/* HW 3 -- two-layer net, backward.
 * Name: (removed for grading)
 * Plain loops. dz2 -> (dW2, db2) -> dp1 -> dz1 -> (dW1, db1).
 */

#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t n = X->size1, d = net->D, h = net->H, c = net->C;
    size_t i, j, k;

    if (n != cache->N || X->size2 != d || g->N != n)
        return 1;

    /* softmax + cross-entropy */
    for (i = 0; i < n; i++)
        for (j = 0; j < c; j++)
            gsl_matrix_set(g->dz2, i, j, gsl_matrix_get(cache->prob, i, j) / n);
    for (i = 0; i < n; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0 / n);

    /* W2, b2 */
    for (j = 0; j < h; j++)
        for (k = 0; k < c; k++) {
            double acc = 2 * reg * gsl_matrix_get(net->W2, j, k);
            for (i = 0; i < n; i++)
                acc += gsl_matrix_get(cache->p1, i, j) * gsl_matrix_get(g->dz2, i, k);
            gsl_matrix_set(g->dW2, j, k, acc);
        }
    for (k = 0; k < c; k++) {
        double acc = 0;
        for (i = 0; i < n; i++)
            acc += gsl_matrix_get(g->dz2, i, k);
        gsl_vector_set(g->db2, k, acc);
    }

    /* hidden layer */
    for (i = 0; i < n; i++)
        for (j = 0; j < h; j++) {
            double acc = 0;
            for (k = 0; k < c; k++)
                acc += gsl_matrix_get(g->dz2, i, k) * gsl_matrix_get(net->W2, j, k);
            gsl_matrix_set(g->dp1, i, j, acc);
        }

    /* relu: pass the gradient only where it is positive */
    for (i = 0; i < n; i++)
        for (j = 0; j < h; j++) {
            double dv = gsl_matrix_get(g->dp1, i, j);
            gsl_matrix_set(g->dz1, i, j, dv > 0 ? dv : 0.0);
        }

    /* W1, b1 */
    for (k = 0; k < d; k++)
        for (j = 0; j < h; j++) {
            double acc = 2 * reg * gsl_matrix_get(net->W1, k, j);
            for (i = 0; i < n; i++)
                acc += gsl_matrix_get(X, i, k) * gsl_matrix_get(g->dz1, i, j);
            gsl_matrix_set(g->dW1, k, j, acc);
        }
    for (j = 0; j < h; j++) {
        double acc = 0;
        for (i = 0; i < n; i++)
            acc += gsl_matrix_get(g->dz1, i, j);
        gsl_vector_set(g->db1, j, acc);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
