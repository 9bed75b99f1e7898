// backward.c  --  HW2 part 3, two-layer net in C/GSL
// Marcus Oyelaran
//
// I keep the residual (probs - Y) unscaled the whole way and put the 1/N
// into alpha of every BLAS call instead; dz2 itself gets its 1/N at the very
// end.  Helpers are at the bottom of the file.

#include <gsl/gsl_blas.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_vector.h>

#include "backprop/net.h"
#include "backprop/grads.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

static gsl_matrix *oneHot(const size_t *labels, size_t numRows, size_t numClasses);
static void sumRows(const gsl_matrix *A, gsl_vector *out);
static gsl_matrix *reluMask(const gsl_matrix *preAct);
static void addScaled(gsl_matrix *dst, const gsl_matrix *src, double alpha);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t numSamples = X->size1;
    size_t numClasses = net->C;
    double invN = 1.0 / (double) numSamples;

    if (numSamples != cache->N || g->N != numSamples)
        return 1;

    // residual = probs - Y   (NOT divided by N yet)
    gsl_matrix *Y = oneHot(y, numSamples, numClasses);
    gsl_matrix *residual = gsl_matrix_alloc(numSamples, numClasses);
    gsl_matrix_memcpy(residual, cache->prob);
    gsl_matrix_sub(residual, Y);

    // dW2 = (1/N) * p1^T residual + 2 reg W2
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_matrix_scale(g->dW2, 2.0 * reg);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, invN, cache->p1, residual, 1.0, g->dW2);

    // db2 = (1/N) * sum over samples of residual
    sumRows(residual, g->db2);
    gsl_vector_scale(g->db2, invN);

    // dp1 = (1/N) * residual W2^T
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, invN, residual, net->W2, 0.0, g->dp1);

    // dz1 = dp1 .* 1[z1 > 0]
    gsl_matrix *mask = reluMask(cache->z1);
    gsl_matrix_memcpy(g->dz1, g->dp1);
    gsl_matrix_mul_elements(g->dz1, mask);

    // dW1 = X^T dz1 + 2 reg W1
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 0.0, g->dW1);
    addScaled(g->dW1, net->W1, 2.0 * reg);

    // db1
    sumRows(g->dz1, g->db1);

    // finally dz2 itself = residual / N
    gsl_matrix_memcpy(g->dz2, residual);
    gsl_matrix_scale(g->dz2, invN);

    gsl_matrix_free(Y);
    gsl_matrix_free(residual);
    gsl_matrix_free(mask);

    g->present = BP_GRADS_ALL;
    return 0;
}

/* ---------------- helpers ---------------- */

static gsl_matrix *oneHot(const size_t *labels, size_t numRows, size_t numClasses)
{
    gsl_matrix *Y = gsl_matrix_calloc(numRows, numClasses);
    for (size_t r = 0; r < numRows; r++)
        gsl_matrix_set(Y, r, labels[r], 1.0);
    return Y;
}

// out[j] = sum_i A[i][j]   (numpy: A.sum(axis=0))
static void sumRows(const gsl_matrix *A, gsl_vector *out)
{
    gsl_vector_set_zero(out);
    for (size_t r = 0; r < A->size1; r++) {
        gsl_vector_const_view row = gsl_matrix_const_row(A, r);
        gsl_vector_add(out, &row.vector);
    }
}

static gsl_matrix *reluMask(const gsl_matrix *preAct)
{
    gsl_matrix *m = gsl_matrix_alloc(preAct->size1, preAct->size2);
    for (size_t r = 0; r < preAct->size1; r++)
        for (size_t c = 0; c < preAct->size2; c++)
            gsl_matrix_set(m, r, c, gsl_matrix_get(preAct, r, c) > 0.0 ? 1.0 : 0.0);
    return m;
}

// dst += alpha * src
static void addScaled(gsl_matrix *dst, const gsl_matrix *src, double alpha)
{
    gsl_matrix *tmp = gsl_matrix_alloc(src->size1, src->size2);
    gsl_matrix_memcpy(tmp, src);
    gsl_matrix_scale(tmp, alpha);
    gsl_matrix_add(dst, tmp);
    gsl_matrix_free(tmp);
}
