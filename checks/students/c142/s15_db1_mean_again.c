/* two-layer net backward -- lab 5
 * macros for element access so the loops stay short.
 * dz2 + db2 in one loop, relu + db1 in one loop, the rest is dgemm.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

#define E(A, i, j)  (*gsl_matrix_ptr((A), (i), (j)))
#define CE(A, i, j) (*gsl_matrix_const_ptr((A), (i), (j)))

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C, i, j;
    double *b1, *b2;

    if (cache->N != N || g->N != N) return 1;

    // dz2 = (p - y)/N and db2 = sum_i dz2
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++) {
            E(g->dz2, i, j) = (CE(cache->prob, i, j) - (y[i] == j ? 1.0 : 0.0)) / N;
            b2 = gsl_vector_ptr(g->db2, j);
            *b2 += E(g->dz2, i, j);
        }

    // dW2 = p1'.dz2 + 2reg.W2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 2.0*reg, g->dW2);

    // dp1 = dz2.W2'
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // relu mask, and db1 = mean over the batch of dz1
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++) {
            E(g->dz1, i, j) = CE(cache->z1, i, j) > 0 ? E(g->dp1, i, j) : 0.0;
            b1 = gsl_vector_ptr(g->db1, j);
            *b1 += E(g->dz1, i, j) / N;
        }

    // dW1 = X'.dz1 + 2reg.W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0*reg, g->dW1);

    g->present = BP_GRADS_ALL;
    return 0;
}
