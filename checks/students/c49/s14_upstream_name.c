/*
 *  backward.c
 *  ----------
 *  ML homework: hand-derived gradients of
 *      z1 = X W1 + b1,  p1 = relu(z1),  z2 = p1 W2 + b2,  L = CE(softmax(z2)) + reg(|W1|^2+|W2|^2)
 *
 *  Working arrays: the N x C and N x H gradients are kept in local buffers
 *  (gsl_matrix_view_array), the parameter gradients come from helpers that
 *  allocate.
 */

#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

/* op(A) * op(B) + beta * Cin  (Cin may be NULL), new matrix */
static gsl_matrix *gemm_new(const gsl_matrix *A, CBLAS_TRANSPOSE_t ta,
                            const gsl_matrix *B, CBLAS_TRANSPOSE_t tb,
                            double beta, const gsl_matrix *Cin)
{
    gsl_matrix *Cout = gsl_matrix_calloc(ta == CblasTrans ? A->size2 : A->size1,
                                         tb == CblasTrans ? B->size1 : B->size2);
    if (Cin != NULL)
        gsl_matrix_memcpy(Cout, Cin);
    gsl_blas_dgemm(ta, tb, 1.0, A, B, beta, Cout);
    return Cout;
}

static gsl_vector *colsum(const gsl_matrix *A)
{
    gsl_vector *s = gsl_vector_calloc(A->size2);
    for (size_t r = 0; r < A->size1; r++)
        for (size_t c = 0; c < A->size2; c++)
            s->data[c] += gsl_matrix_get(A, r, c);
    return s;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    const size_t N = X->size1, H = net->H, C = net->C;
    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    double *buf = malloc((N * C + 2 * N * H) * sizeof(double));
    if (!buf)
        return 1;
    gsl_matrix_view dscores = gsl_matrix_view_array(buf, N, C);
    gsl_matrix_view dhid    = gsl_matrix_view_array(buf + N * C, N, H);
    gsl_matrix_view dhidpre = gsl_matrix_view_array(buf + N * C + N * H, N, H);

    /* --- softmax / cross-entropy --- */
    gsl_matrix_memcpy(&dscores.matrix, cache->prob);
    for (size_t i = 0; i < N; i++)
        *gsl_matrix_ptr(&dscores.matrix, i, y[i]) -= 1.0;
    gsl_matrix_scale(&dscores.matrix, 1.0 / (double) N);

    /* --- layer 2: dW2 = p1^T dscores + 2 reg W2 --- */
    gsl_matrix *dW2 = gemm_new(cache->p1, CblasTrans, &dscores.matrix, CblasNoTrans,
                               2.0 * reg, net->W2);
    gsl_vector *db2 = colsum(&dscores.matrix);

    /* --- back through W2 --- */
    gsl_matrix *tmp = gemm_new(&dscores.matrix, CblasNoTrans, net->W2, CblasTrans, 0.0, NULL);
    gsl_matrix_memcpy(&dhid.matrix, tmp);
    gsl_matrix_free(tmp);

    /* --- relu --- */
    for (size_t i = 0; i < N; i++)
        for (size_t j = 0; j < H; j++)
            gsl_matrix_set(&dhidpre.matrix, i, j,
                           gsl_matrix_get(cache->z1, i, j) > 0 ? gsl_matrix_get(&dhid.matrix, i, j) : 0.0);

    /* --- layer 1: dW1 = X^T dhidpre + 2 reg W1 --- */
    gsl_matrix *dW1 = gemm_new(X, CblasTrans, &dhid.matrix, CblasNoTrans, 2.0 * reg, net->W1);
    gsl_vector *db1 = colsum(&dhidpre.matrix);

    gsl_matrix_memcpy(g->dz2, &dscores.matrix);
    gsl_matrix_memcpy(g->dW2, dW2);
    gsl_vector_memcpy(g->db2, db2);
    gsl_matrix_memcpy(g->dp1, &dhid.matrix);
    gsl_matrix_memcpy(g->dz1, &dhidpre.matrix);
    gsl_matrix_memcpy(g->dW1, dW1);
    gsl_vector_memcpy(g->db1, db1);

    gsl_matrix_free(dW2); gsl_vector_free(db2);
    gsl_matrix_free(dW1); gsl_vector_free(db1);
    free(buf);

    g->present = BP_GRADS_ALL;
    return 0;
}
