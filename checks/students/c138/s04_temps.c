/* Assignment 2 - backward pass
 *
 * Approach: build the softmax gradient in a temporary (dscores), then
 * copy it into g. The relu is done by making a 0/1 mask matrix and
 * multiplying elementwise (gsl_matrix_mul_elements), same as the
 * numpy version  dhidden[hidden <= 0] = 0.
 * Bias grads: add up the rows with row views.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t H = net->H, C = net->C;
    size_t i, j;
    gsl_matrix *dscores, *mask;
    int status = 0;

    if (N != cache->N || X->size2 != net->D || g->N != N) return 1;

    dscores = gsl_matrix_alloc(N, C);
    mask = gsl_matrix_alloc(N, H);
    if (!dscores || !mask) {
        status = 1;
        goto done;
    }

    /* dscores = probs; dscores[range(N), y] -= 1; dscores /= N */
    gsl_matrix_memcpy(dscores, cache->prob);
    for (i = 0; i < N; i++) {
        double *p = gsl_matrix_ptr(dscores, i, y[i]);
        *p -= 1.0;
    }
    gsl_matrix_scale(dscores, 1.0 / N);
    gsl_matrix_memcpy(g->dz2, dscores);

    /* dW2 = hidden^T dscores, then the regularisation */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dscores, 0.0, g->dW2);
    {
        gsl_matrix *tmp = gsl_matrix_alloc(H, C);
        gsl_matrix_memcpy(tmp, net->W2);
        gsl_matrix_scale(tmp, 2.0 * reg);
        gsl_matrix_add(g->dW2, tmp);
        gsl_matrix_free(tmp);
    }

    /* db2: add every row of dscores */
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++) {
        gsl_vector_view row = gsl_matrix_row(dscores, i);
        gsl_vector_add(g->db2, &row.vector);
    }

    /* dhidden = dscores W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dscores, net->W2, 0.0, g->dp1);

    /* relu mask from the pre-activations */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set(mask, i, j, gsl_matrix_get(cache->z1, i, j) > 0.0 ? 1.0 : 0.0);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, mask);   /* in place */

    /* dW1 = X^T dz1 + 2 reg W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_matrix_scale(g->dW1, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 1.0, g->dW1);

    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++) {
        gsl_vector_view row = gsl_matrix_row(g->dz1, i);
        gsl_vector_add(g->db1, &row.vector);
    }

    g->present = BP_GRADS_ALL;

done:
    gsl_matrix_free(dscores);
    gsl_matrix_free(mask);
    return status;
}
