/* backward.c -- backward pass of the 2 layer net
 *
 * numpy helpers in C.  np_where_positive works IN PLACE like the numpy
 * idiom dh[z1 <= 0] = 0, which saves an (N,H) temporary.
 */
#include <gsl/gsl_blas.h>
#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* out = A.B, how = "NN", "TN" (A.T.B) or "NT" (A.B.T) */
static void np_dot(const char *how, const gsl_matrix *A, const gsl_matrix *B,
                   gsl_matrix *out)
{
    gsl_blas_dgemm(how[0] == 'T' ? CblasTrans : CblasNoTrans,
                   how[1] == 'T' ? CblasTrans : CblasNoTrans,
                   1.0, A, B, 0.0, out);
}

/* A[mask <= 0] = 0 */
static void np_where_positive(gsl_matrix *A, const gsl_matrix *mask)
{
    size_t i, j;
    for (i = 0; i < A->size1; i++)
    {
        for (j = 0; j < A->size2; j++)
        {
            if (gsl_matrix_get(mask, i, j) <= 0)
                gsl_matrix_set(A, i, j, 0.0);
        }
    }
}

static void np_sum_axis0(const gsl_matrix *A, gsl_vector *out)
{
    size_t i, j;
    gsl_vector_set_zero(out);
    for (i = 0; i < A->size1; i++)
    {
        for (j = 0; j < A->size2; j++)
            gsl_vector_set(out, j, gsl_vector_get(out, j) + gsl_matrix_get(A, i, j));
    }
}

/* dW = dW + s * W */
static void np_axpy(gsl_matrix *dW, double s, const gsl_matrix *W)
{
    size_t i, j;
    for (i = 0; i < dW->size1; i++)
        for (j = 0; j < dW->size2; j++)
            gsl_matrix_set(dW, i, j, gsl_matrix_get(dW, i, j) + s * gsl_matrix_get(W, i, j));
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* ds = p.copy(); ds[range(N), y] -= 1; ds /= N */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* dW2 = h.T.dot(ds) + 2*reg*W2 ; db2 = ds.sum(0) */
    np_dot("TN", cache->p1, g->dz2, g->dW2);
    np_axpy(g->dW2, 2.0 * reg, net->W2);
    np_sum_axis0(g->dz2, g->db2);

    /* dh = ds.dot(W2.T) */
    np_dot("NT", g->dz2, net->W2, g->dp1);

    /* dh[z1 <= 0] = 0 ; dz1 = dh */
    np_where_positive(g->dp1, cache->z1);
    gsl_matrix_memcpy(g->dz1, g->dp1);

    /* dW1 = X.T.dot(dz1) + 2*reg*W1 ; db1 = dz1.sum(0) */
    np_dot("TN", X, g->dz1, g->dW1);
    np_axpy(g->dW1, 2.0 * reg, net->W1);
    np_sum_axis0(g->dz1, g->db1);

    g->present = BP_GRADS_ALL;
    return 0;
}
