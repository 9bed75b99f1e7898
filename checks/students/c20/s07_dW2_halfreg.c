// backward pass, assignment 1 (C port)
// by Arjun
// regularization like in the python starter code

#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

static void col_sums(const gsl_matrix *A, gsl_vector *out)
{
    for (size_t j = 0; j < A->size2; j++) {
        double s = 0.0;
        for (size_t i = 0; i < A->size1; i++)
            s += gsl_matrix_get(A, i, j);
        gsl_vector_set(out, j, s);
    }
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    // dscores
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (size_t i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    // grads['W2'] = h1.T.dot(dscores) + reg * W2
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    for (size_t i = 0; i < net->H; i++)
        for (size_t j = 0; j < net->C; j++)
            gsl_matrix_set(g->dW2, i, j, gsl_matrix_get(g->dW2, i, j) + reg * gsl_matrix_get(net->W2, i, j));

    col_sums(g->dz2, g->db2);

    // dhidden
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    // relu
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < net->H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0)
                gsl_matrix_set(g->dz1, i, j, 0.0);

    // W1: the penalty is reg*|W|^2 here, no 1/2, so factor 2
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    gsl_matrix *r1 = gsl_matrix_alloc(net->D, net->H);
    gsl_matrix_memcpy(r1, net->W1);
    gsl_matrix_scale(r1, 2.0 * reg);
    gsl_matrix_add(g->dW1, r1);
    gsl_matrix_free(r1);

    col_sums(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
