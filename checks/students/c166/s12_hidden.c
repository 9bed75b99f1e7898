/*
 * Backward pass (HW 2, part 3).
 * hidden = hidden layer, scores = output layer, as in the notebook.
 */
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

struct grads_local
{
    gsl_matrix *dscores, *dhidden, *dW1, *dW2;
    gsl_vector *db1, *db2;
};

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;
    const gsl_matrix *hidden = cache->z1;    /* (N, H) hidden layer */
    const gsl_matrix *probs = cache->prob;   /* (N, C) */
    struct grads_local *grads = calloc(1, sizeof(struct grads_local));
    gsl_vector *ones;

    grads->dscores = gsl_matrix_alloc(N, net->C);
    grads->dhidden = gsl_matrix_alloc(N, net->H);
    grads->dW1 = gsl_matrix_alloc(net->D, net->H);
    grads->dW2 = gsl_matrix_alloc(net->H, net->C);
    grads->db1 = gsl_vector_alloc(net->H);
    grads->db2 = gsl_vector_alloc(net->C);
    ones = gsl_vector_alloc(N);
    gsl_vector_set_all(ones, 1.0);

    /* dscores = (probs - onehot) / N */
    gsl_matrix_memcpy(grads->dscores, probs);
    for (i = 0; i < N; i++)
    {
        double *p = gsl_matrix_ptr(grads->dscores, i, y[i]);
        *p -= 1.0;
    }
    gsl_matrix_scale(grads->dscores, 1.0 / (double)N);

    /* dW2 = hidden.T dscores + 2 reg W2,  db2 = sum of dscores */
    gsl_matrix_memcpy(grads->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, hidden, grads->dscores, 2.0 * reg, grads->dW2);
    gsl_blas_dgemv(CblasTrans, 1.0, grads->dscores, ones, 0.0, grads->db2);

    /* dhidden = dscores W2.T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, grads->dscores, net->W2, 0.0, grads->dhidden);
    gsl_matrix_memcpy(g->dp1, grads->dhidden);

    /* through the relu */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < net->H; j++)
        {
            if (gsl_matrix_get(hidden, i, j) <= 0)
                gsl_matrix_set(grads->dhidden, i, j, 0.0);
        }
    }

    /* dW1 = X.T dhidden + 2 reg W1,  db1 = sum of dhidden */
    gsl_matrix_memcpy(grads->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, grads->dhidden, 2.0 * reg, grads->dW1);
    gsl_blas_dgemv(CblasTrans, 1.0, grads->dhidden, ones, 0.0, grads->db1);

    gsl_matrix_memcpy(g->dz2, grads->dscores);
    gsl_matrix_memcpy(g->dW2, grads->dW2);
    gsl_vector_memcpy(g->db2, grads->db2);
    gsl_matrix_memcpy(g->dz1, grads->dhidden);
    gsl_matrix_memcpy(g->dW1, grads->dW1);
    gsl_vector_memcpy(g->db1, grads->db1);
    g->present = BP_GRADS_ALL;

    gsl_matrix_free(grads->dscores);
    gsl_matrix_free(grads->dhidden);
    gsl_matrix_free(grads->dW1);
    gsl_matrix_free(grads->dW2);
    gsl_vector_free(grads->db1);
    gsl_vector_free(grads->db2);
    free(grads);
    gsl_vector_free(ones);
    return 0;
}
