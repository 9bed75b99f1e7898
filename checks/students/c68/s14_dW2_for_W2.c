#include <gsl/gsl_blas.h>
#include "backprop.h"

/* backward pass -- rows are examples here, so the course's
 *    dW = 1/m dZ A_prev^T        is   A_prev^T dZ   (1/m put in dZ2)
 *    dA_prev = W^T dZ            is   dZ W^T
 * and db sums over the rows. */

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static void db_from(const gsl_matrix *dZ, gsl_vector *db)
{
    gsl_vector *ones = gsl_vector_alloc(dZ->size1);
    gsl_vector_set_all(ones, 1.0);
    gsl_blas_dgemv(CblasTrans, 1.0, dZ, ones, 0.0, db);
    gsl_vector_free(ones);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    gsl_matrix *dZ2 = g->dz2, *dW2 = g->dW2, *dA1 = g->dp1;
    gsl_matrix *dZ1 = g->dz1, *dW1 = g->dW1;
    gsl_vector *db2 = g->db2, *db1 = g->db1;
    size_t m = X->size1, i, j;
    double lambd = reg;

    /* dZ2 = (A2 - Y)/m */
    gsl_matrix_memcpy(dZ2, cache->prob);
    for (i = 0; i < m; i++)
        gsl_matrix_set(dZ2, i, y[i], gsl_matrix_get(dZ2, i, y[i]) - 1.0);
    gsl_matrix_scale(dZ2, 1.0 / m);

    /* dW2 = A1^T dZ2 + 2 lambd W2 */
    gsl_matrix_memcpy(dW2, net->W2);
    gsl_matrix_scale(dW2, 2.0 * lambd);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, dZ2, 1.0, dW2);
    db_from(dZ2, db2);

    /* dA1 = dZ2 W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dZ2, dW2, 0.0, dA1);

    /* dZ1 = dA1 * relu'(Z1) */
    for (i = 0; i < m; i++)
        for (j = 0; j < dZ1->size2; j++)
            gsl_matrix_set(dZ1, i, j, gsl_matrix_get(cache->z1, i, j) > 0.0 ?
                           gsl_matrix_get(dA1, i, j) : 0.0);

    /* dW1 = X^T dZ1 + 2 lambd W1 */
    gsl_matrix_memcpy(dW1, net->W1);
    gsl_matrix_scale(dW1, 2.0 * lambd);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, dZ1, 1.0, dW1);
    db_from(dZ1, db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
