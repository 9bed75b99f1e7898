/* backward.c -- two-layer net, backprop.
 * Indices 1..n as in Fortran (macro E), loops j outer / i inner.
 * The weight gradients are first set to the regularisation part
 * 2*reg*W and then the data part is accumulated on top. */

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

#define E(A, i, j) (A)->data[((i) - 1) * (A)->tda + (j) - 1]

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, n;
    gsl_matrix *mask, *db;
    gsl_matrix *onesN;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;

    onesN = gsl_matrix_alloc(1, N);
    gsl_matrix_set_all(onesN, 1.0);

    /* dZ2 = (P - Y)/N */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (n = 1; n <= N; n++)
        E(g->dz2, n, y[n - 1] + 1) -= 1.0;
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    /* dW2 = 2 reg W2, then += A1' dZ2 */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    for (j = 1; j <= C; j++)
        for (i = 1; i <= H; i++)
            for (n = 1; n <= N; n++)
                E(g->dW2, i, j) += E(cache->p1, n, i) * E(g->dz2, n, j);

    /* db2 = ones(1,N) dZ2 */
    db = gsl_matrix_alloc(1, C);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, onesN, g->dz2, 0.0, db);
    for (j = 1; j <= C; j++)
        gsl_vector_set(g->db2, j - 1, E(db, 1, j));
    gsl_matrix_free(db);

    /* dA1 = dZ2 W2' */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* dZ1 = dA1 .* (Z1 > 0) */
    mask = gsl_matrix_calloc(N, H);
    for (j = 1; j <= H; j++)
        for (i = 1; i <= N; i++)
            if (E(cache->z1, i, j) > 0.0)
                E(mask, i, j) = 1.0;
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, mask);
    gsl_matrix_free(mask);

    /* dW1 = 2 reg W1, then += X' dZ1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    for (j = 1; j <= H; j++)
        for (i = 1; i < D; i++)
            for (n = 1; n <= N; n++)
                E(g->dW1, i, j) += E(X, n, i) * E(g->dz1, n, j);

    /* db1 = ones(1,N) dZ1 */
    db = gsl_matrix_alloc(1, H);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, onesN, g->dz1, 0.0, db);
    for (j = 1; j <= H; j++)
        gsl_vector_set(g->db1, j - 1, E(db, 1, j));
    gsl_matrix_free(db);

    gsl_matrix_free(onesN);
    g->present = BP_GRADS_ALL;
    return 0;
}
