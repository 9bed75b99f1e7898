/* Two layer neural network - backward pass using BLAS
 * (same steps as the numpy version we did in the first half of the course)
 *
 *   dscores = probs; dscores[range(N), y] -= 1; dscores /= N
 *   dW2 = hidden.T . dscores + 2 reg W2,   db2 = sum(dscores, axis 0)
 *   dhidden = dscores . W2.T ; dhidden[z1 <= 0] = 0
 *   dW1 = X.T . dhidden + 2 reg W1,        db1 = sum(dhidden, axis 0)
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1, H = net->H;
    size_t i, j;
    gsl_vector *ones;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* dscores */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
        gsl_matrix_set(g->dz2, i, y[i], gsl_matrix_get(g->dz2, i, y[i]) - 1.0);
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* dW2 : beta = 2*reg so that the reg term gets added in the same call */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    /* db2 : add up all rows of dscores */
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++) {
        gsl_vector_const_view row = gsl_matrix_const_row(g->dz2, i);
        gsl_vector_add(g->db2, &row.vector);
    }

    /* dhidden */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2, 0.0, g->dp1);

    /* relu : kill gradient where the unit was off */
    gsl_matrix_memcpy(g->dz1, g->dp1);
    for (i = 0; i < N; i++)
        for (j = 0; j < H; j++)
            if (gsl_matrix_get(cache->z1, i, j) <= 0.0)
                gsl_matrix_set(g->dz1, i, j, 0.0);

    /* dW1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1, 2.0 * reg, g->dW1);

    /* db1 = dz1^T * ones */
    ones = gsl_vector_alloc(N);
    if (ones == NULL)
        return 1;
    gsl_vector_set_all(ones, 1.0);
    gsl_blas_dgemv(CblasTrans, 1.0, g->dz1, ones, 0.0, g->db1);
    gsl_vector_free(ones);

    g->present = BP_GRADS_ALL;
    return 0;
}
