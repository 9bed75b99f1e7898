/* backward.c  (student: M. K.)
 *
 * grads for the 2 layer net.  All temporaries freed at the end.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;

    if (N != cache->N || X->size2 != D || g->N != N) return 1;

    /* local copies of the weights, like W1, b1 = self.params['W1'], ... */
    gsl_matrix *W1 = gsl_matrix_alloc(D, H);
    gsl_matrix *W2 = gsl_matrix_alloc(H, C);
    gsl_matrix_memcpy(W1, net->W1);
    gsl_matrix_memcpy(W2, net->W2);

    /* dscores */
    gsl_matrix *dscores = gsl_matrix_alloc(N, C);
    gsl_matrix_memcpy(dscores, cache->prob);
    for (size_t i = 0; i < N; i++) {
        double v = gsl_matrix_get(dscores, i, y[i]);
        gsl_matrix_set(dscores, i, y[i], v - 1.0);
    }
    gsl_matrix_scale(dscores, 1.0 / (double)N);
    gsl_matrix_memcpy(g->dz2, dscores);

    /* dW2 = hidden.T @ dscores + 2 reg W2, accumulated straight into W2 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores, 2.0 * reg, W2);
    gsl_matrix_memcpy(g->dW2, W2);

    /* db2 */
    for (size_t k = 0; k < C; k++) {
        gsl_vector_view col = gsl_matrix_column(dscores, k);
        double s = 0.0;
        for (size_t i = 0; i < N; i++) s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db2, k, s);
    }

    /* dhidden = dscores @ W2.T */
    gsl_matrix *dhidden = gsl_matrix_alloc(N, H);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dscores, W2, 0.0, dhidden);
    gsl_matrix_memcpy(g->dp1, dhidden);

    /* relu */
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                gsl_matrix_set(dhidden, i, j, 0.0);
    gsl_matrix_memcpy(g->dz1, dhidden);

    /* dW1 = X.T @ dhidden + 2 reg W1, same trick */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dhidden, 2.0 * reg, W1);
    gsl_matrix_memcpy(g->dW1, W1);

    /* db1 */
    for (size_t j = 0; j < H; j++) {
        gsl_vector_view col = gsl_matrix_column(dhidden, j);
        double s = 0.0;
        for (size_t i = 0; i < N; i++) s += gsl_vector_get(&col.vector, i);
        gsl_vector_set(g->db1, j, s);
    }

    gsl_matrix_free(W1);
    gsl_matrix_free(W2);
    gsl_matrix_free(dscores);
    gsl_matrix_free(dhidden);

    g->present = BP_GRADS_ALL;
    return 0;
}
