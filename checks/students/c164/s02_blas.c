/*
 * backward.c  --  Laboratorio di Reti Neurali, consegna 2
 * Studentessa: Giulia Esposito
 *
 * Uso gsl_blas_dgemm per i prodotti tra matrici (piu' veloce) e le
 * viste sulle righe per le somme dei bias.
 */

#include <gsl/gsl_blas.h>
#include "backprop.h"

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g);

int backward(const bp_net *net, const gsl_matrix *X, const size_t *y,
             double reg, const bp_cache *cache, bp_grads *g)
{
    size_t N = X->size1;
    size_t i, j;

    if (N != cache->N || X->size2 != net->D || g->N != N)
        return 1;

    /* gradiente dei punteggi: softmax meno one-hot, diviso N */
    gsl_matrix_memcpy(g->dz2, cache->prob);
    for (i = 0; i < N; i++)
    {
        double v = gsl_matrix_get(g->dz2, i, y[i]);
        gsl_matrix_set(g->dz2, i, y[i], v - 1.0);
    }
    gsl_matrix_scale(g->dz2, 1.0 / N);

    /* grad_pesi_uscita = p1' * dz2 + 2*reg*W2
     * (copio W2 e uso beta = 2 reg nella dgemm) */
    gsl_matrix_memcpy(g->dW2, net->W2);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, cache->p1, g->dz2,
                   2.0 * reg, g->dW2);

    /* bias_uscita: somma delle righe di dz2 */
    gsl_vector_set_zero(g->db2);
    for (i = 0; i < N; i++)
    {
        gsl_vector_const_view riga = gsl_matrix_const_row(g->dz2, i);
        gsl_vector_add(g->db2, &riga.vector);
    }

    /* strato nascosto: dp1 = dz2 * W2' */
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, g->dz2, net->W2,
                   0.0, g->dp1);

    /* ReLU: passa il gradiente solo dove l'attivazione e' positiva
     * (p1 > 0 e' lo stesso che z1 > 0) */
    for (i = 0; i < N; i++)
    {
        for (j = 0; j < net->H; j++)
        {
            double maschera = gsl_matrix_get(cache->p1, i, j) > 0.0 ? 1.0 : 0.0;
            gsl_matrix_set(g->dz1, i, j, maschera * gsl_matrix_get(g->dp1, i, j));
        }
    }

    /* grad_pesi_nascosti = X' * dz1 + 2*reg*W1 */
    gsl_matrix_memcpy(g->dW1, net->W1);
    gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, X, g->dz1,
                   2.0 * reg, g->dW1);

    /* bias_nascosto */
    gsl_vector_set_zero(g->db1);
    for (i = 0; i < N; i++)
    {
        gsl_vector_const_view riga = gsl_matrix_const_row(g->dz1, i);
        gsl_vector_add(g->db1, &riga.vector);
    }

    g->present = BP_GRADS_ALL;
    return 0;
}
