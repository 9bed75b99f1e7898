/* backward.c -- Lab 3 (ML), gradients of the two-layer net.
 *
 * Memory: all gradients go into arrays on the stack, wrapped as gsl views,
 * and the product helper allocates.  The loss is an average over the
 * batch, so the gradients are averages over the batch as well.
 */
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

#define MAXN 512
#define MAXW 4096

static gsl_matrix *
prod (const gsl_matrix *A, CBLAS_TRANSPOSE_t a, const gsl_matrix *B, CBLAS_TRANSPOSE_t b)
{
    gsl_matrix *R = gsl_matrix_alloc (a == CblasTrans ? A->size2 : A->size1,
                                      b == CblasTrans ? B->size1 : B->size2);
    gsl_blas_dgemm (a, b, 1.0, A, B, 0.0, R);
    return R;
}

/* sum down the columns: one entry per column of A */
static gsl_vector *
colsum (const gsl_matrix *A)
{
    gsl_vector *s = gsl_vector_calloc (A->size2);
    size_t i;
    for (i = 0; i < A->size1; i++)
    {
        gsl_vector_const_view r = gsl_matrix_const_row (A, i);
        gsl_vector_add (s, &r.vector);
    }
    return s;
}

static gsl_vector *
vscaled (gsl_vector *v, double s)
{
    gsl_vector_scale (v, s);
    return v;
}

int
backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
          double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H, C = net->C, D = net->D, i, j;
    double inv = 1.0 / (double) N;

    if (N != cache->N || X->size2 != D || g->N != N)
        return 1;
    if (N * C > MAXW || N * H > MAXW || N > MAXN)
        return 1;

    double dz2_a[MAXW], dz1_a[MAXW];
    gsl_matrix_view dz2 = gsl_matrix_view_array (dz2_a, N, C);
    gsl_matrix_view dz1 = gsl_matrix_view_array (dz1_a, N, H);

    /* dz2 = (P - Y) / N */
    for (i = 0; i < N; i++)
        for (j = 0; j < C; j++)
            gsl_matrix_set (&dz2.matrix, i, j,
                            (gsl_matrix_get (cache->prob, i, j) - (y[i] == j)) * inv);

    /* output layer: weights get the penalty 2*reg*W2 on top */
    gsl_matrix *dW2 = prod (cache->p1, CblasTrans, &dz2.matrix, CblasNoTrans);
    {
        gsl_matrix *r = gsl_matrix_alloc (H, C);
        gsl_matrix_memcpy (r, net->W2);
        gsl_matrix_scale (r, 2.0 * reg);
        gsl_matrix_add (dW2, r);
        gsl_matrix_free (r);
    }
    gsl_vector *db2 = vscaled (colsum (&dz2.matrix), inv);

    /* hidden layer */
    gsl_matrix *dp1 = prod (&dz2.matrix, CblasNoTrans, net->W2, CblasTrans);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            gsl_matrix_set (&dz1.matrix, i, j,
                            gsl_matrix_get (cache->z1, i, j) > 0
                            ? gsl_matrix_get (dp1, i, j) : 0.0);
    gsl_matrix *dW1 = prod (X, CblasTrans, &dz1.matrix, CblasNoTrans);
    {
        gsl_matrix *r = gsl_matrix_alloc (D, H);
        gsl_matrix_memcpy (r, net->W1);
        gsl_matrix_scale (r, 2.0 * reg);
        gsl_matrix_add (dW1, r);
        gsl_matrix_free (r);
    }
    gsl_vector *db1 = colsum (&dz1.matrix);

    gsl_matrix_memcpy (g->dz2, &dz2.matrix);
    gsl_matrix_memcpy (g->dW2, dW2);
    gsl_vector_memcpy (g->db2, db2);
    gsl_matrix_memcpy (g->dp1, dp1);
    gsl_matrix_memcpy (g->dz1, &dz1.matrix);
    gsl_matrix_memcpy (g->dW1, dW1);
    gsl_vector_memcpy (g->db1, db1);

    gsl_matrix_free (dW2); gsl_vector_free (db2); gsl_matrix_free (dp1);
    gsl_matrix_free (dW1); gsl_vector_free (db1);
    g->present = BP_GRADS_ALL;
    return 0;
}
