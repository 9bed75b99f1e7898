/* backward.c  (retake)
 * Using BLAS now.  One helper for the affine layer so I do not write the
 * same thing twice like last year.  Maybe the temporaries are too many but
 * they made it easier to print things while debugging. */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward (const bp_net *net, const gsl_matrix *X, const size_t *y,
              double reg, const bp_cache *cache, bp_grads *g);

/* affine layer backward:  dW = in^T dout + 2 reg W,  db = colsum(dout),
 * din = dout W^T (only if din != NULL) */
static int affine_back(const gsl_matrix *dout, const gsl_matrix *in,
                       const gsl_matrix *W, double reg,
                       gsl_matrix *dW, gsl_vector *db, gsl_matrix *din)
{
    size_t i;
    gsl_matrix_memcpy(dW, W);
    /* beta = 2 reg so dW starts as 2 reg W.  (is it 2 reg or reg? loss has
       reg*|W|^2 with no half, derivative is 2*reg*W.  yes 2) */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, in, dout, 2.0 * reg, dW);

    gsl_vector_set_zero(db);
    for (i = 0; i < dout->size1; i++) {
        gsl_vector_const_view r = gsl_matrix_const_row(dout, i);
        gsl_vector_add(db, &r.vector);
    }
    if (din != NULL)
        gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, dout, W, 0.0, din);
    return 0;
}

static void relu_back(const gsl_matrix *dout, const gsl_matrix *act, gsl_matrix *din)
{
    size_t i, j;
    /* act is p1 here. p1 > 0 exactly when z1 > 0, so either works */
    for (i = 0; i < dout->size1; i++)
        for (j = 0; j < dout->size2; j++)
            gsl_matrix_set(din, i, j,
                           gsl_matrix_get(act, i, j) > 0 ? gsl_matrix_get(dout, i, j) : 0.0);
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, C = net->C, i;
    gsl_matrix *dscores;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    dscores = gsl_matrix_alloc(N, C);
    if (dscores == NULL)
        return 1;

    /* scores gradient */
    gsl_matrix_memcpy(dscores, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(dscores, i, y[i], gsl_matrix_get(dscores, i, y[i]) - 1.0);
    gsl_matrix_scale(dscores, 1.0 / N);
    gsl_matrix_memcpy(g->dz2, dscores);

    /* second layer, gives dW2 db2 and dp1 in one go */
    affine_back(g->dz2, cache->p1, net->W2, reg, g->dW2, g->db2, g->dp1);

    /* relu */
    relu_back(g->dp1, cache->p1, g->dz1);

    /* first layer, dX not needed */
    affine_back(g->dz1, X, net->W1, reg, g->dW1, g->db1, NULL);

    gsl_matrix_free(dscores);
    g->present = BP_GRADS_ALL;
    return 0;
}
