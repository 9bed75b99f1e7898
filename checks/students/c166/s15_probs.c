/* backward.c -- Lab 4
 * struct grads_local holds my gradients until they are all done.
 * The ReLU mask is built once and applied with mul_elements.
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

struct grads_local {
    gsl_matrix *dscores, *dhidden, *dW1, *dW2;
    gsl_vector *db1, *db2;
};

static void relu_mask(const gsl_matrix *z, gsl_matrix *m)
{
    size_t i, j;
    for (i = 0; i < z->size1; i++)
        for (j = 0; j < z->size2; j++)
            gsl_matrix_set(m, i, j, gsl_matrix_get(z, i, j) > 0.0);
}

static void sum_over_batch(const gsl_matrix *A, gsl_vector *out)
{
    size_t i, j;
    gsl_vector_set_zero(out);
    for (i = 0; i < A->size1; i++)
        for (j = 0; j < A->size2; j++)
            *gsl_vector_ptr(out, j) += gsl_matrix_get(A, i, j);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, i;
    struct grads_local gl;
    gsl_matrix *mask = gsl_matrix_alloc(N, net->H);

    gl.dscores = gsl_matrix_alloc(N, net->C);
    gl.dhidden = gsl_matrix_alloc(N, net->H);
    gl.dW1 = gsl_matrix_alloc(net->D, net->H);
    gl.dW2 = gsl_matrix_alloc(net->H, net->C);
    gl.db1 = gsl_vector_alloc(net->H);
    gl.db2 = gsl_vector_alloc(net->C);

    /* dscores = (probs - y_onehot) / N */
    gsl_matrix_memcpy(gl.dscores, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(gl.dscores, i, y[i], gsl_matrix_get(gl.dscores, i, y[i]) - 1.0);
    gsl_matrix_scale(gl.dscores, 1.0 / (double) N);

    /* dW2, db2 */
    gsl_matrix_memcpy(gl.dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, gl.dscores, 2.0 * reg, gl.dW2);
    sum_over_batch(gl.dscores, gl.db2);

    /* dhidden = dscores * W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, cache->prob, net->W2, 0.0, gl.dhidden);
    gsl_matrix_memcpy(g->dp1, gl.dhidden);

    /* relu */
    relu_mask(cache->z1, mask);
    gsl_matrix_mul_elements(gl.dhidden, mask);

    /* dW1, db1 */
    gsl_matrix_memcpy(gl.dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, gl.dhidden, 2.0 * reg, gl.dW1);
    sum_over_batch(gl.dhidden, gl.db1);

    gsl_matrix_memcpy(g->dz2, gl.dscores);
    gsl_matrix_memcpy(g->dW2, gl.dW2);
    gsl_vector_memcpy(g->db2, gl.db2);
    gsl_matrix_memcpy(g->dz1, gl.dhidden);
    gsl_matrix_memcpy(g->dW1, gl.dW1);
    gsl_vector_memcpy(g->db1, gl.db1);
    g->present = BP_GRADS_ALL;

    gsl_matrix_free(gl.dscores);
    gsl_matrix_free(gl.dhidden);
    gsl_matrix_free(gl.dW1);
    gsl_matrix_free(gl.dW2);
    gsl_vector_free(gl.db1);
    gsl_vector_free(gl.db2);
    gsl_matrix_free(mask);
    return 0;
}
