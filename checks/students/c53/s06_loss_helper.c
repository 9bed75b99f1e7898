/*
 * Deep Learning - Assignment 2
 * backward pass, BLAS for the matrix products
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* gradient of the mean cross-entropy w.r.t. the scores */
static void softmax_loss_grad(const gsl_matrix *probs, const size_t *labels,
                              gsl_matrix *dscores)
{
    size_t n, N = probs->size1;

    gsl_matrix_memcpy(dscores, probs);
    for (n = 0; n < N; n++) {
        double *p = gsl_matrix_ptr(dscores, n, labels[n]);
        *p += 1.0;
    }
    gsl_matrix_scale(dscores, 1.0 / N);
}

static void bias_grad(const gsl_matrix *delta, gsl_vector *db)
{
    size_t n, j;

    gsl_vector_set_zero(db);
    for (n = 0; n < delta->size1; n++)
        for (j = 0; j < delta->size2; j++)
            *gsl_vector_ptr(db, j) += gsl_matrix_get(delta, n, j);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t n, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    softmax_loss_grad(cache->prob, y, g->dz2);

    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, g->dW2);
    bias_grad(g->dz2, g->db2);

    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    for (n = 0; n < N; n++)
        for (j = 0; j < net->H; j++)
            gsl_matrix_set(g->dz1, n, j, gsl_matrix_get(cache->z1, n, j) > 0
                           ? gsl_matrix_get(g->dp1, n, j) : 0.0);

    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    bias_grad(g->dz1, g->db1);

    /* L2 part */
    {
        gsl_matrix *tmp = gsl_matrix_alloc(net->H, net->C);
        gsl_matrix_memcpy(tmp, net->W2);
        gsl_matrix_scale(tmp, 2 * reg);
        gsl_matrix_add(g->dW2, tmp);
        gsl_matrix_free(tmp);

        tmp = gsl_matrix_alloc(net->D, net->H);
        gsl_matrix_memcpy(tmp, net->W1);
        gsl_matrix_scale(tmp, 2 * reg);
        gsl_matrix_add(g->dW1, tmp);
        gsl_matrix_free(tmp);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
