/* Backpropagation, two-layer network.   ML homework, sheet 4.
 *
 * I give the cached forward quantities short names first (h = hidden layer,
 * P = probabilities) so the formulas below look like the ones on paper.
 * Matrix helpers return freshly allocated results.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *matprod(const gsl_matrix *A, CBLAS_TRANSPOSE_t TA,
                           const gsl_matrix *B, CBLAS_TRANSPOSE_t TB)
{
        size_t nr = (TA == CblasNoTrans) ? A->size1 : A->size2;
        size_t nc = (TB == CblasNoTrans) ? B->size2 : B->size1;
        gsl_matrix *R = gsl_matrix_alloc(nr, nc);
        gsl_blas_dgemm(TA, TB, 1.0, A, B, 0.0, R);
        return R;
}

/* R = A + alpha * B */
static gsl_matrix *matadd(const gsl_matrix *A, double alpha, const gsl_matrix *B)
{
        gsl_matrix *R = gsl_matrix_alloc(A->size1, A->size2);
        for (size_t i = 0; i < A->size1; i++)
                for (size_t j = 0; j < A->size2; j++)
                        gsl_matrix_set(R, i, j, gsl_matrix_get(A, i, j)
                                       + alpha * gsl_matrix_get(B, i, j));
        return R;
}

/* relu derivative applied to an upstream gradient */
static gsl_matrix *reluback(const gsl_matrix *dOut, const gsl_matrix *H)
{
        gsl_matrix *R = gsl_matrix_calloc(dOut->size1, dOut->size2);
        for (size_t i = 0; i < H->size1; i++)
                for (size_t j = 0; j < H->size2; j++)
                        if (gsl_matrix_get(H, i, j) > 0)
                                gsl_matrix_set(R, i, j, gsl_matrix_get(dOut, i, j));
        return R;
}

static gsl_vector *colsums(const gsl_matrix *A)
{
        gsl_vector *s = gsl_vector_alloc(A->size2);
        for (size_t j = 0; j < A->size2; j++) {
                gsl_vector_const_view c = gsl_matrix_const_column(A, j);
                double t = 0;
                for (size_t i = 0; i < c.vector.size; i++)
                        t += gsl_vector_get(&c.vector, i);
                gsl_vector_set(s, j, t);
        }
        return s;
}

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
        size_t N = X->size1;
        if (N != cache->N || X->size2 != net->D || g->N != N)
                return 1;

        const gsl_matrix *P = cache->prob;
        const gsl_matrix *h = cache->z1;
        const gsl_matrix *W1 = net->W1, *W2 = net->W2;

        /* dz2 = (P - onehot)/N */
        gsl_matrix *dz2 = gsl_matrix_alloc(N, net->C);
        gsl_matrix_memcpy(dz2, P);
        for (size_t i = 0; i < N; i++)
                gsl_matrix_set(dz2, i, y[i], gsl_matrix_get(dz2, i, y[i]) - 1.0);
        gsl_matrix_scale(dz2, 1.0 / (double) N);

        gsl_matrix *dW2 = matadd(matprod(h, CblasTrans, dz2, CblasNoTrans), 2 * reg, W2);
        gsl_vector *db2 = colsums(dz2);

        gsl_matrix *dh  = matprod(dz2, CblasNoTrans, W2, CblasTrans);
        gsl_matrix *dz1 = reluback(dh, h);
        gsl_matrix *dW1 = matadd(matprod(X, CblasTrans, dz1, CblasNoTrans), 2 * reg, W1);
        gsl_vector *db1 = colsums(dz1);

        gsl_matrix_memcpy(g->dz2, dz2);
        gsl_matrix_memcpy(g->dW2, dW2);
        gsl_vector_memcpy(g->db2, db2);
        gsl_matrix_memcpy(g->dp1, dh);
        gsl_matrix_memcpy(g->dz1, dz1);
        gsl_matrix_memcpy(g->dW1, dW1);
        gsl_vector_memcpy(g->db1, db1);

        gsl_matrix_free(dz2); gsl_matrix_free(dW2); gsl_vector_free(db2);
        gsl_matrix_free(dh);  gsl_matrix_free(dz1); gsl_matrix_free(dW1);
        gsl_vector_free(db1);

        g->present = BP_GRADS_ALL;
        return 0;
}
