/*
 * Backward pass for the two-layer network (Uebung 4)
 * Katharina Braun
 *
 * Helpers at the top, the seven gradients in order below.
 */

#include "backprop.h"
#include <gsl/gsl_blas.h>

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* bias gradient: the loss is averaged over the batch, so the bias
 * gradient is averaged over the rows of the upstream gradient as well */
static void bias_backward(const gsl_matrix *dZ, gsl_vector *db)
{
    size_t i, j;
    for (j = 0; j < dZ->size2; j++) {
        double s = 0.0;
        for (i = 0; i < dZ->size1; i++)
            s += gsl_matrix_get(dZ, i, j);
        gsl_vector_set(db, j, s / (double) dZ->size1);
    }
}

/* dW = In^T dZ + 2 reg W */
static void weight_backward(const gsl_matrix *In, const gsl_matrix *dZ,
                            const gsl_matrix *W, double reg, gsl_matrix *dW)
{
    gsl_matrix_memcpy(dW, W);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, In, dZ, 2.0 * reg, dW);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* 1. dz2 */
    for (i = 0; i < N; i++) {
        gsl_vector_const_view p = gsl_matrix_const_row(cache->prob, i);
        gsl_vector_view d = gsl_matrix_row(g->dz2, i);
        gsl_vector_memcpy(&d.vector, &p.vector);
        gsl_vector_set(&d.vector, y[i], gsl_vector_get(&d.vector, y[i]) - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / (double) N);

    /* 2. + 3. */
    weight_backward(cache->p1, g->dz2, net->W2, reg, g->dW2);
    bias_backward(g->dz2, g->db2);

    /* 4. */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* 5. */
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++) {
            double z = gsl_matrix_get(cache->z1, i, j);
            gsl_matrix_set(g->dz1, i, j, z > 0.0 ? gsl_matrix_get(g->dp1, i, j) : 0.0);
        }

    /* 6. + 7. */
    weight_backward(X, g->dz1, net->W1, reg, g->dW1);
    bias_backward(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
