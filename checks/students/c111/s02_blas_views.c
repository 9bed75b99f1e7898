// Backward pass, two-layer net (HW4).  BLAS version.
// The probabilities are recomputed from cache->z2 (I had a bug earlier
// where prob was stale, so I stopped using it), and z1 is recomputed from
// X, W1 and b1 for the relu mask.

#include <math.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t H = net->H;
    size_t C = net->C;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // softmax(z2) row by row, into a temporary
    gsl_matrix *probs = gsl_matrix_alloc(N, C);
    gsl_matrix_memcpy(probs, cache->z2);
    for (size_t i = 0; i < N; i++) {
        gsl_vector_view row = gsl_matrix_row(probs, i);
        double mx = gsl_vector_max(&row.vector);
        double sum = 0.0;
        for (size_t k = 0; k < C; k++) {
            double e = exp(gsl_vector_get(&row.vector, k) - mx);
            gsl_vector_set(&row.vector, k, e);
            sum += e;
        }
        gsl_vector_scale(&row.vector, 1.0 / sum);
    }

    // dscores
    gsl_matrix_memcpy(g->dz2, probs);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / (double)N);
    gsl_matrix_free(probs);

    // dW2 = h^T dscores + 2*reg*W2   (beta = 2 reg on a copy of W2)
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    // db2
    gsl_vector_set_zero(g->db2);
    for (size_t i = 0; i < N; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(g->dz2, i);
        gsl_vector_add(g->db2, &r.vector);
    }

    // dh = dscores W2^T
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // z1 = X W1 + b1 again, for the mask
    gsl_matrix *z1 = gsl_matrix_alloc(N, H);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, X, net->W1, 0.0, z1);
    for (size_t i = 0; i < N; i++) {
        gsl_vector_view r = gsl_matrix_row(z1, i);
        gsl_vector_add(&r.vector, net->b1);
    }
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
            if (gsl_matrix_get(z1, i, j) <= 0.0)
                gsl_matrix_set(g->dz1, i, j, 0.0);
    gsl_matrix_free(z1);

    // dW1 = X^T dz1 + 2*reg*W1
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    // db1 = dz1^T * ones
    gsl_vector *ones = gsl_vector_alloc(N);
    gsl_vector_set_all(ones, 1.0);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);
    gsl_vector_free(ones);

    g->present = BP_GRADS_ALL;
    return 0;
}
