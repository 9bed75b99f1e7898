/* backward.c
 * Gradients of the 2 layer net.  Products go through prod(A, B) with
 * explicit transposes made by trans(); reg terms are added while copying
 * into g (g->dW1 and g->dW2 are contiguous, the same layout as W1, W2). */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *trans(const gsl_matrix *A)
{
    gsl_matrix *T = gsl_matrix_alloc(A->size2, A->size1);
    gsl_matrix_transpose_memcpy(T, A);
    return T;
}

static gsl_matrix *prod(const gsl_matrix *A, const gsl_matrix *B)
{
    gsl_matrix *P = gsl_matrix_alloc(A->size1, B->size2);
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, A, B, 0.0, P);
    return P;
}

static gsl_vector *col_total(const gsl_matrix *A)
{
    gsl_vector *v = gsl_vector_calloc(A->size2);
    size_t r;
    for (r = 0; r < A->size1; r++) {
        gsl_vector_const_view row = gsl_matrix_const_row(A, r);
        gsl_vector_add(v, &row.vector);
    }
    return v;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;

    /* scores gradient */
    gsl_matrix *dz2 = gsl_matrix_alloc(N, C);
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            gsl_matrix_set(dz2, i, j, (gsl_matrix_get(cache->prob, i, j)
                                       - (y[i] == j ? 1.0 : 0.0)) / N);

    /* second layer */
    gsl_matrix *dz2T = trans(dz2);
    gsl_matrix *dW2 = prod(dz2T, cache->p1);
    gsl_vector *db2 = col_total(dz2);
    gsl_matrix *W2T = trans(net->W2);
    gsl_matrix *dp1 = prod(dz2, W2T);

    /* relu */
    gsl_matrix *dz1 = gsl_matrix_alloc(N, H);
    gsl_matrix_memcpy(dz1, dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                gsl_matrix_set(dz1, i, j, 0.0);

    /* first layer */
    gsl_matrix *XT = trans(X);
    gsl_matrix *dW1 = prod(XT, dz1);
    gsl_vector *db1 = col_total(dz1);

    /* into g, with the reg terms */
    gsl_matrix_memcpy(g->dz2, dz2);
    for (k = 0; k < H * C; k++)
        g->dW2->data[k] = dW2->data[k] + 2 * reg * net->W2->data[k];
    gsl_vector_memcpy(g->db2, db2);
    gsl_matrix_memcpy(g->dp1, dp1);
    gsl_matrix_memcpy(g->dz1, dz1);
    for (k = 0; k < D * H; k++)
        g->dW1->data[k] = dW1->data[k] + 2 * reg * net->W1->data[k];
    gsl_vector_memcpy(g->db1, db1);

    gsl_matrix_free(dz2);
    gsl_matrix_free(dz2T);
    gsl_matrix_free(dW2);
    gsl_vector_free(db2);
    gsl_matrix_free(W2T);
    gsl_matrix_free(dp1);
    gsl_matrix_free(dz1);
    gsl_matrix_free(XT);
    gsl_matrix_free(dW1);
    gsl_vector_free(db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
