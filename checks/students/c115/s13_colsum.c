#include <gsl/gsl_blas.h>
#include "backprop.h"

/* Backward pass, lab 3.
 * colsum() below is used for both biases. */

/* out[j] = column j of A, summed over the batch (dot with a ones vector) */
static void colsum(const gsl_matrix *A, gsl_vector *out)
{
    size_t j, n = A->size1;
    double s;
    gsl_vector *ones = gsl_vector_alloc(n);

    gsl_vector_set_all(ones, 1.0);
    for (j = 0; j < A->size2; j++) {
        gsl_vector_const_view col = gsl_matrix_const_column(A, j);
        gsl_blas_ddot(&col.vector, ones, &s);
        gsl_vector_set(out, j, s / n);
    }
    gsl_vector_free(ones);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, i, j, k;
    double s;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* 1. dz2 */
    for (i = 0; i < N; i++) {
        gsl_vector_view d = gsl_matrix_row(g->dz2, i);
        gsl_vector_const_view p = gsl_matrix_const_row(cache->prob, i);
        gsl_vector_memcpy(&d.vector, &p.vector);
        gsl_vector_set(&d.vector, y[i], gsl_vector_get(&d.vector, y[i]) - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* 2. dW2 */
    for (j = 0; j < net->H; j++)
        for (k = 0; k < net->C; k++) {
            gsl_vector_const_view a = gsl_matrix_const_column(cache->p1, j);
            gsl_vector_view b = gsl_matrix_column(g->dz2, k);
            gsl_blas_ddot(&a.vector, &b.vector, &s);
            gsl_matrix_set(g->dW2, j, k, s + 2 * reg * gsl_matrix_get(net->W2, j, k));
        }

    /* 3. db2 */
    colsum(g->dz2, g->db2);

    /* 4. dp1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++) {
            gsl_vector_view a = gsl_matrix_row(g->dz2, i);
            gsl_vector_const_view b = gsl_matrix_const_row(net->W2, j);
            gsl_blas_ddot(&a.vector, &b.vector, &s);
            gsl_matrix_set(g->dp1, i, j, s);
        }

    /* 5. dz1 */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < net->H; j++)
            if (!(gsl_matrix_get(cache->z1, i, j) > 0))
                gsl_matrix_set(g->dz1, i, j, 0);

    /* 6. dW1 */
    for (i = 0; i < net->D; i++)
        for (j = 0; j < net->H; j++) {
            gsl_vector_const_view a = gsl_matrix_const_column(X, i);
            gsl_vector_view b = gsl_matrix_column(g->dz1, j);
            gsl_blas_ddot(&a.vector, &b.vector, &s);
            gsl_matrix_set(g->dW1, i, j, s + 2 * reg * gsl_matrix_get(net->W1, i, j));
        }

    /* 7. db1 */
    colsum(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
