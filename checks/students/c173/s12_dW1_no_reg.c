/*  HW4 part 2 :: backward()
 *
 *  Section B skeleton (calloc buffers).  Used views + BLAS like lecture 9.
 *  dW2 and dW1 include the regularization gradient 2*reg*W.
 */
#include <stdlib.h>
#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, D = net->D, H = net->H, C = net->C;
    size_t i;

    double *dscores = calloc(N * C, sizeof(double));
    double *dW2 = calloc(H * C, sizeof(double));
    double *db2 = calloc(C, sizeof(double));
    double *dhidden = calloc(N * H, sizeof(double));
    double *dz1 = calloc(N * H, sizeof(double));
    double *dW1 = calloc(D * H, sizeof(double));
    double *db1 = calloc(H, sizeof(double));

    gsl_matrix_view vScores = gsl_matrix_view_array(dscores, N, C);
    gsl_matrix_view vW2 = gsl_matrix_view_array(dW2, H, C);
    gsl_vector_view vb2 = gsl_vector_view_array(db2, C);
    gsl_matrix_view vHidden = gsl_matrix_view_array(dhidden, N, H);
    gsl_matrix_view vZ1 = gsl_matrix_view_array(dz1, N, H);
    gsl_matrix_view vW1 = gsl_matrix_view_array(dW1, D, H);
    gsl_vector_view vb1 = gsl_vector_view_array(db1, H);

    /* ones vector for the column sums */
    gsl_vector *ones = gsl_vector_alloc(N);
    gsl_vector_set_all(ones, 1.0);

    /* TODO 1: dscores = (probs - Y) / N */
    gsl_matrix_memcpy(&vScores.matrix, cache->prob);
    for (i = 0; i < N; i++)
        dscores[i * C + y[i]] -= 1.0;
    gsl_matrix_scale(&vScores.matrix, 1.0 / N);

    /* TODO 2: dW2 = hidden^T dscores + 2 reg W2 */
    gsl_matrix_memcpy(&vW2.matrix, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, &vScores.matrix, 2.0 * reg, &vW2.matrix);

    /* TODO 3: db2 = dscores^T 1 */
    gsl_blas_dgemv(CblasTrans, 1.0, &vScores.matrix, ones, 0.0, &vb2.vector);

    /* TODO 4: dhidden = dscores W2^T */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, &vScores.matrix, net->W2, 0.0, &vHidden.matrix);

    /* TODO 5: dz1 = dhidden * (z1 > 0) */
    for (i = 0; i < N * H; i++)
        dz1[i] = cache->z1->data[(i / H) * cache->z1->tda + i % H] > 0 ? dhidden[i] : 0.0;

    /* TODO 6: dW1 = X^T dz1 + 2 reg W1 */
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, &vZ1.matrix, 0.0, &vW1.matrix);

    /* TODO 7: db1 = dz1^T 1 */
    gsl_blas_dgemv(CblasTrans, 1.0, &vZ1.matrix, ones, 0.0, &vb1.vector);

    /* copy into g */
    gsl_matrix_memcpy(g->dz2, &vScores.matrix);
    gsl_matrix_memcpy(g->dW2, &vW2.matrix);
    gsl_vector_memcpy(g->db2, &vb2.vector);
    gsl_matrix_memcpy(g->dp1, &vHidden.matrix);
    gsl_matrix_memcpy(g->dz1, &vZ1.matrix);
    gsl_matrix_memcpy(g->dW1, &vW1.matrix);
    gsl_vector_memcpy(g->db1, &vb1.vector);
    g->present = BP_GRADS_ALL;

    gsl_vector_free(ones);
    free(dscores); free(dW2); free(db2); free(dhidden);
    free(dz1); free(dW1); free(db1);
    return 0;
}
