/* backward.c  --  backprop, two-layer net  (course exercise 3)
 *
 * tmpHxC and tmpDxH receive the data part of the weight gradients, the
 * penalty is added element by element when they are copied into g.
 * buf_hidden holds dp1 and then dz1 (masked in place).
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i, j, k;
    gsl_matrix *tmpHxC = NULL, *tmpDxH = NULL, *buf_hidden = NULL;
    int ret = -1;

    if (N != cache->N || X->size2 != D || g->N != N)
        return -1;

    tmpHxC = gsl_matrix_alloc (H, C);
    tmpDxH = gsl_matrix_alloc (D, H);
    buf_hidden = gsl_matrix_alloc (N, H);
    if (!tmpHxC || !tmpDxH || !buf_hidden)
        goto cleanup;

    /* dz2 = (prob - Y) / N */
    for (i = 0; i < N; i++)
        for (k = 0; k < C; k++)
        {
            double v = gsl_matrix_get (cache->prob, i, k);
            if (k == y[i])
                v -= 1.0;
            gsl_matrix_set (g->dz2, i, k, v / (double) N);
        }

    /* dW2 = p1' dz2 + d/dW2 (reg |W2|^2) */
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2, 0.0, tmpHxC);
    for (j = 0; j < H; j++)
        for (k = 0; k < C; k++)
            gsl_matrix_set (g->dW2, j, k, gsl_matrix_get (tmpHxC, j, k)
                            + reg * gsl_matrix_get (net->W2, j, k));

    /* db2 */
    for (k = 0; k < C; k++)
    {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get (g->dz2, i, k);
        gsl_vector_set (g->db2, k, s);
    }

    /* dp1 = dz2 W2' */
    gsl_blas_dgemm (CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, buf_hidden);
    gsl_matrix_memcpy (g->dp1, buf_hidden);

    /* dz1 */
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (!(gsl_matrix_get (cache->z1, i, j) > 0.0))
                gsl_matrix_set (buf_hidden, i, j, 0.0);
    gsl_matrix_memcpy (g->dz1, buf_hidden);

    /* dW1 = X' dz1 + 2 reg W1 */
    gsl_blas_dgemm (CblasTrans, CblasNoTrans, 1.0, X, buf_hidden, 0.0, tmpDxH);
    for (k = 0; k < D; k++)
        for (j = 0; j < H; j++)
            gsl_matrix_set (g->dW1, k, j, gsl_matrix_get (tmpDxH, k, j)
                            + 2.0 * reg * gsl_matrix_get (net->W1, k, j));

    /* db1 */
    for (j = 0; j < H; j++)
    {
        double s = 0.0;
        for (i = 0; i < N; i++)
            s += gsl_matrix_get (buf_hidden, i, j);
        gsl_vector_set (g->db1, j, s);
    }

    g->present = BP_GRADS_ALL;
    ret = 0;

cleanup:
    gsl_matrix_free (buf_hidden);
    gsl_matrix_free (tmpDxH);
    gsl_matrix_free (tmpHxC);
    return ret;
}
